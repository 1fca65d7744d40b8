// Owns GET /api/openapi/v1.json: the OpenAPI document of every HTTP function.
using Microsoft.Azure.Functions.Worker;
using SalesCoach.Core.Platform;
using SalesCoach.Functions.Hosting;
using SalesCoach.Functions.Hosting.OpenApi;

namespace SalesCoach.Functions.Functions.Platform;

public sealed class GetOpenApiDocument(FunctionIndex index, HostSettings host)
{
    [Function(nameof(GetOpenApiDocument))]
    [ApiOperation("This document: every HTTP function with its route, parameters, bodies and errors.")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "openapi/{documentName}.json")] HttpRequest request, string documentName) =>
        documentName == "v1"
            ? TypedResults.Text(OpenApiDocument.Build(index, host.RoutePrefix).ToJsonString(), "application/json")
            : throw new NotFoundException("OpenAPI document", documentName);
}
