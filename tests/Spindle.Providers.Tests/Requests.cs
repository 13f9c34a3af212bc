using Spindle.Core.Upstream;

namespace Spindle.Providers.Tests;

internal static class Requests
{
    public static ModelRequest SayHi(string model = "fake-model") => new(model, [new ModelMessage.User("Hi", [])]);
}
