namespace Spindle.Testing;

/// <summary>The checkout the tests run from, found by walking up from the test binaries to Spindle.slnx.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Spindle.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Spindle.slnx above {AppContext.BaseDirectory}.");
    }
}
