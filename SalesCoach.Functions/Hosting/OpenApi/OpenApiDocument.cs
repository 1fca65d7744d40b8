// Owns the OpenAPI document of every HTTP function, built from functions.metadata (routes, methods) and the functions' annotations.
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting.OpenApi;

/// <summary>
/// OpenAPI 3.1: a path per HTTP function of functions.metadata, an operation per method (its
/// operationId is the function's name), path parameters from the route, query parameters and bodies
/// from <see cref="ApiOperationAttribute"/> and <see cref="ApiQueryAttribute"/>, JSON schemas of the
/// snake_case wire types, and RFC 9457 problem+json for every error.
/// </summary>
public static partial class OpenApiDocument
{
    public static JsonObject Build(FunctionIndex index, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(index);
        var paths = new JsonObject();
        foreach (var function in index.OfKind(TriggerKind.Http).OrderBy(f => f.Route, StringComparer.Ordinal))
        {
            var path = "/" + string.Join('/', new[] { routePrefix, function.Route ?? function.Name }.Where(p => p.Length > 0));
            var openApiPath = RouteConstraint().Replace(path, "{$1}");
            if (paths[openApiPath] is not JsonObject item)
            {
                item = new JsonObject();
                paths[openApiPath] = item;
            }
            foreach (var method in function.Methods)
            {
                item[method.ToLowerInvariant()] = Operation(function, openApiPath);
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "SalesCoach API",
                ["version"] = "v1",
                ["description"] = "Deal coaching for managers in Telegram (analysis, team runs, stale-deal alerts, monitoring), CRM ingestion "
                    + "(amoCRM, RetailCRM, WhatsApp via GREEN-API, bulk import), chat analytics with SPIN, and the lead → sale pipeline. "
                    + "Errors are RFC 9457 problem+json naming the field.",
            },
            ["paths"] = paths,
        };
    }

    private static JsonObject Operation(FunctionEntry function, string path)
    {
        var doc = function.Method.GetCustomAttribute<ApiOperationAttribute>()
            ?? throw new InvalidOperationException($"HTTP function {function.Name} has no [ApiOperation] describing it.");
        var parameters = new JsonArray();
        foreach (Match match in PathParameter().Matches(path))
        {
            parameters.Add(new JsonObject { ["name"] = match.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }
        foreach (var query in function.Method.GetCustomAttributes<ApiQueryAttribute>())
        {
            parameters.Add(new JsonObject
            {
                ["name"] = query.Name, ["in"] = "query", ["required"] = query.Required, ["description"] = query.Description,
                ["schema"] = new JsonObject { ["type"] = query.Type },
            });
        }
        var operation = new JsonObject { ["operationId"] = function.Name, ["summary"] = doc.Summary, ["parameters"] = parameters };
        if (doc.Body is { } body)
        {
            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = Content("application/json", Schema(body)) };
        }
        var success = new JsonObject { ["description"] = "Success" };
        if (doc.Response is { } response)
        {
            success["content"] = Content("application/json", Schema(response));
        }
        else if (doc.ResponseContentType is { } contentType)
        {
            success["content"] = Content(contentType, new JsonObject { ["type"] = "string", ["format"] = "binary" });
        }
        operation["responses"] = new JsonObject
        {
            [doc.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = success,
            ["4XX"] = new JsonObject { ["description"] = "The request was refused; the problem names the field.", ["content"] = Content("application/problem+json", Problem()) },
        };
        return operation;
    }

    private static JsonObject Content(string type, JsonNode schema) => new() { [type] = new JsonObject { ["schema"] = schema } };

    private static JsonNode Schema(Type type) => JsonSchemaExporter.GetJsonSchemaAsNode(Json.Options, type);

    private static JsonObject Problem() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["field"] = new JsonObject { ["type"] = "string", ["description"] = "The parameter or JSON field at fault." },
        },
    };

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*):[^}]+\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\??\}")]
    private static partial Regex PathParameter();
}
