using Microsoft.AspNetCore.Http.HttpResults;
using Spindle.Core.Errors;
using Spindle.Core.Upstream;
using Spindle.Core.Wire;
using Spindle.Server.Auth;

namespace Spindle.Server.Endpoints;

internal static class ModelsEndpoints
{
    public static RouteGroupBuilder MapModels(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models", ListAsync).WithTags("Models");
        v1.MapGet("/models/{model}", GetAsync).WithTags("Models");
        return v1;
    }

    private static async Task<Ok<ModelList>> ListAsync(Caller caller, IModelClient models, CancellationToken cancellationToken)
    {
        var list = await models.ListModelsAsync(caller.UpstreamKey, cancellationToken);
        return TypedResults.Ok(new ModelList(list.Select(m => new ModelObject(m.Id, m.Created, m.OwnedBy)).ToList()));
    }

    private static async Task<Ok<ModelObject>> GetAsync(string model, Caller caller, IModelClient models, CancellationToken cancellationToken)
    {
        var list = await models.ListModelsAsync(caller.UpstreamKey, cancellationToken);
        var found = list.FirstOrDefault(m => m.Id == model) ?? throw ApiErrors.ModelNotFound(model);
        return TypedResults.Ok(new ModelObject(found.Id, found.Created, found.OwnedBy));
    }
}
