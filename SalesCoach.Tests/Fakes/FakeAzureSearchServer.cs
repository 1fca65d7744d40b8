using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SalesCoach.Tests.Fakes;

/// <summary>
/// A loopback Azure AI Search service speaking the documented REST API (learn.microsoft.com "Azure AI Search
/// REST API", GA api-versions), in both URL styles the service accepts: the SDK's OData form
/// (<c>/indexes('name')/docs/search.post.search</c>, <c>/docs/search.index</c>) and the documented one
/// (<c>/indexes/name/docs/search</c>, <c>/docs/index</c>).
/// <list type="bullet">
/// <item>Every request needs <c>?api-version=</c> (a GA version, else 400) and the <c>api-key</c> header: none is
/// 401, a wrong one 403 with an empty body, the query key may only search.</item>
/// <item><c>PUT /indexes('name')</c> creates (201) or updates (200, or 204 without Prefer: return=representation) an
/// index: one Edm.String key field, valid field names and types, analyzers only on searchable strings and only
/// built-in names; an existing field cannot change (400).</item>
/// <item><c>POST …/docs/index</c> takes {"value":[{"@search.action": upload|merge|mergeOrUpload|delete, …}]}: at most
/// 1000 actions (400) and 16 MB (413); a property that is not a field fails the whole request (400); a bad key
/// or a merge of a missing document fails that document only; the answer is 200 when all succeeded, else 207,
/// with {"value":[{"key","status","errorMessage","statusCode"}]}.</item>
/// <item><c>POST …/docs/search</c> takes search (simple syntax: words, "phrases", *), searchFields, searchMode,
/// filter (comparisons eq/ne/gt/ge/lt/le of a field with a literal, joined by and), orderby, select, top (default
/// 50, at most 1000 a page, then @search.nextPageParameters), skip, count; unknown parameters and fields that
/// are not searchable/filterable/sortable/retrievable are 400. Scores are BM25 (k1 1.2, b 0.75) with statistics
/// over the whole index, as the service's are, not over the filtered documents.</item>
/// <item>Scripted failures (429/503 with Retry-After, …) are answered first, in order, for the operation they name.</item>
/// </list>
/// </summary>
public sealed partial class FakeAzureSearchServer : LoopbackServer
{
    public const string AdminKey = "admin-key-for-loopback-fake";
    public const string QueryKey = "query-key-for-loopback-fake";
    public const int MaxActions = 1000;
    public const int MaxRequestBytes = 16 * 1024 * 1024;

    private static readonly HashSet<string> ApiVersions = ["2019-05-06", "2020-06-30", "2023-11-01", "2024-07-01", "2025-09-01"];
    private static readonly HashSet<string> FieldTypes = ["Edm.String", "Edm.Int32", "Edm.Int64", "Edm.Double", "Edm.Boolean", "Edm.DateTimeOffset", "Collection(Edm.String)"];
    private static readonly HashSet<string> Analyzers = ["standard.lucene", "standardasciifolding.lucene", "keyword", "pattern", "simple", "stop", "whitespace", "ru.lucene", "ru.microsoft", "uk.microsoft", "en.lucene", "en.microsoft"];
    private static readonly HashSet<string> SearchParameters = ["count", "facets", "filter", "highlight", "highlightPostTag", "highlightPreTag", "minimumCoverage", "orderby", "queryType", "scoringParameters", "scoringProfile", "search", "searchFields", "searchMode", "select", "sessionId", "skip", "top", "scoringStatistics"];

    private readonly ConcurrentDictionary<string, FakeIndex> indexes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Operation, int Status, string? RetryAfter)> script = new();

    /// <summary>One request as the service saw it: operation ("index", "docs/index", "docs/search", "docs/count"), index actions, body size, status.</summary>
    public sealed record Call(string Method, string Path, string? ApiVersion, string Operation, JsonObject? Body, int Actions, long Bytes, int Status, DateTimeOffset At);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Uploaded documents become searchable this long after the request (the service indexes in the background); zero by default.</summary>
    public TimeSpan IndexingDelay { get; set; }

    /// <summary>The service is HTTPS only (the SDK refuses to send a key over HTTP): a self-signed certificate for 127.0.0.1.</summary>
    public X509Certificate2 Certificate { get; } = SelfSigned();

    public static async Task<FakeAzureSearchServer> StartNewAsync()
    {
        var server = new FakeAzureSearchServer();
        await server.StartAsync(server.Certificate);
        return server;
    }

    /// <summary>A handler that trusts exactly this fake's certificate (and nothing else self-signed).</summary>
    public HttpMessageHandler TrustingHandler()
    {
        var thumbprint = Certificate.Thumbprint;
        return new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint };
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The next <paramref name="times"/> requests of <paramref name="operation"/> get <paramref name="status"/> (with Retry-After when given).</summary>
    public void Fail(string operation, int status, string? retryAfter = null, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            script.Enqueue((operation, status, retryAfter));
        }
    }

    /// <summary>The stored documents of an index (a copy).</summary>
    public IReadOnlyList<JsonObject> Documents(string index)
    {
        if (!indexes.TryGetValue(index, out var found))
        {
            return [];
        }
        lock (found)
        {
            return found.Documents.Values.Select(d => d.DeepClone().AsObject()).ToList();
        }
    }

    public JsonObject? Definition(string index) => indexes.TryGetValue(index, out var found) ? found.Definition.DeepClone().AsObject() : null;

    private sealed class FakeIndex(JsonObject definition)
    {
        public JsonObject Definition { get; set; } = definition;
        public Dictionary<string, JsonObject> Documents { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, DateTimeOffset> VisibleFrom { get; } = new(StringComparer.Ordinal);
        public IEnumerable<JsonObject> Fields => Definition["fields"]!.AsArray().Select(f => f!.AsObject());
        public JsonObject? Field(string name) => Fields.FirstOrDefault(f => (string?)f["name"] == name);
        public string KeyField => (string)Fields.First(f => f["key"]?.GetValue<bool>() == true)["name"]!;
    }

    private sealed class RequestError(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }

    [GeneratedRegex(@"^/indexes(?:\('(?<name>[^']+)'\)|/(?<name>[^/()]+))(?<rest>/docs(?:/(?:search\.post\.search|search|search\.index|index|\$count))?)?$")]
    private static partial Regex RoutePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$")]
    private static partial Regex FieldNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_=-]{1,1024}$")]
    private static partial Regex KeyPattern();

    protected override void Map(WebApplication app) => app.Map("/{**path}", HandleAsync);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var apiVersion = context.Request.Query["api-version"].FirstOrDefault();
        var match = RoutePattern().Match(path);
        var rest = match.Groups["rest"].Value;
        var method = context.Request.Method;
        var operation = !match.Success ? "unknown"
            : rest.Length == 0 ? "index"
            : rest.EndsWith("index", StringComparison.Ordinal) ? "docs/index"
            : rest.EndsWith("search", StringComparison.Ordinal) ? "docs/search"
            : rest.EndsWith("$count", StringComparison.Ordinal) ? "docs/count" : "docs";
        var bytes = await ReadAsync(context.Request);
        JsonObject? body = null;
        var actions = 0;
        int status;
        JsonNode? answer = null;
        try
        {
            var key = context.Request.Headers["api-key"].FirstOrDefault();
            if (string.IsNullOrEmpty(key))
            {
                throw new RequestError(401, "");
            }
            if (key != AdminKey && !(key == QueryKey && operation is "docs/search" or "docs/count"))
            {
                throw new RequestError(403, "");
            }
            if (apiVersion is null || !ApiVersions.Contains(apiVersion))
            {
                throw new RequestError(400, "Invalid or missing api-version query string parameter.");
            }
            if (!match.Success)
            {
                throw new RequestError(404, $"The resource '{path}' does not exist.");
            }
            if (script.TryPeek(out var failure) && failure.Operation == operation && script.TryDequeue(out failure))
            {
                if (failure.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = failure.RetryAfter;
                }
                throw new RequestError(failure.Status, failure.Status switch
                {
                    429 => "You are sending too many requests. Please try again later.",
                    503 => "Service unavailable: the service is under load, retry later.",
                    _ => "Scripted failure.",
                });
            }
            if (bytes.Length > MaxRequestBytes)
            {
                throw new RequestError(413, "The request is too large. The maximum request size is 16 MB.");
            }
            if (method is "PUT" or "POST")
            {
                body = ParseObject(bytes);
            }
            var name = match.Groups["name"].Value;
            (status, answer) = (operation, method) switch
            {
                ("index", "PUT") => PutIndex(name, body!, context.Request.Headers["Prefer"].FirstOrDefault()),
                ("index", "GET") => indexes.TryGetValue(name, out var existing) ? (200, existing.Definition.DeepClone()) : throw new RequestError(404, $"No index with the name '{name}' was found in the service."),
                ("docs/index", "POST") => IndexDocuments(Index(name), body!, DateTimeOffset.UtcNow + IndexingDelay, out actions),
                ("docs/search", "POST") => (200, Search(Index(name), body!)),
                ("docs/count", "GET") => (200, JsonValue.Create(Index(name).Documents.Count)),
                _ => throw new RequestError(405, $"The request method '{method}' is not supported for '{path}'."),
            };
        }
        catch (RequestError e)
        {
            status = e.Status;
            answer = e.Message.Length == 0 ? null : new JsonObject { ["error"] = new JsonObject { ["code"] = "", ["message"] = e.Message } };
        }
        Calls.Enqueue(new Call(method, path, apiVersion, operation, body, actions, bytes.Length, status, DateTimeOffset.UtcNow));
        context.Response.StatusCode = status;
        if (answer is not null)
        {
            context.Response.ContentType = "application/json; odata.metadata=minimal";
            await context.Response.WriteAsync(answer.ToJsonString());
        }
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static JsonObject ParseObject(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new RequestError(400, "The request is invalid. The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new RequestError(400, "The request is invalid. Details: " + e.Message);
        }
    }

    private FakeIndex Index(string name) =>
        indexes.TryGetValue(name, out var index) ? index : throw new RequestError(404, $"The index '{name}' for service 'fake' was not found.");

    private (int, JsonNode?) PutIndex(string name, JsonObject body, string? prefer)
    {
        if ((string?)body["name"] != name)
        {
            throw new RequestError(400, "The index name in the request body does not match the index name in the URL.");
        }
        if (body["fields"] is not JsonArray { Count: > 0 } fields)
        {
            throw new RequestError(400, "The request is invalid. Details: index.fields : An index must have at least one field.");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in fields)
        {
            if (node is not JsonObject field || field["name"]?.GetValue<string>() is not { } fieldName || !FieldNamePattern().IsMatch(fieldName))
            {
                throw new RequestError(400, "The request is invalid. Details: a field name must start with a letter and hold only letters, digits and underscores.");
            }
            if (!names.Add(fieldName))
            {
                throw new RequestError(400, $"The request is invalid. Details: the field '{fieldName}' is defined more than once.");
            }
            var type = field["type"]?.GetValue<string>();
            if (type is null || !FieldTypes.Contains(type))
            {
                throw new RequestError(400, $"The request is invalid. Details: the field '{fieldName}' has an unsupported type '{type}'.");
            }
            var searchable = field["searchable"]?.GetValue<bool>() ?? type is "Edm.String" or "Collection(Edm.String)";
            if (field["analyzer"]?.GetValue<string>() is { } analyzer && (!searchable || !Analyzers.Contains(analyzer)))
            {
                throw new RequestError(400, $"The request is invalid. Details: the analyzer '{analyzer}' of field '{fieldName}' is unknown or the field is not searchable.");
            }
        }
        var keys = fields.Select(f => f!.AsObject()).Where(f => f["key"]?.GetValue<bool>() == true).ToList();
        if (keys.Count != 1 || (string?)keys[0]["type"] != "Edm.String")
        {
            throw new RequestError(400, "The request is invalid. Details: an index must have exactly one key field, of type Edm.String.");
        }
        var stored = body.DeepClone().AsObject();
        stored["@odata.etag"] = "\"0x" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant() + "\"";
        var created = false;
        var index = indexes.AddOrUpdate(name, _ => { created = true; return new FakeIndex(stored); }, (_, existing) =>
        {
            lock (existing)
            {
                foreach (var old in existing.Fields)
                {
                    var changed = fields.Select(f => f!.AsObject()).FirstOrDefault(f => (string?)f["name"] == (string?)old["name"]);
                    if (changed is null || !SameField(old, changed))
                    {
                        throw new RequestError(400, $"The request is invalid. Details: Existing field '{old["name"]}' cannot be changed or removed.");
                    }
                }
                existing.Definition = stored;
            }
            return existing;
        });
        if (!created && !string.Equals(prefer, "return=representation", StringComparison.OrdinalIgnoreCase))
        {
            return (204, null);
        }
        return (created ? 201 : 200, index.Definition.DeepClone());
    }

    /// <summary>Same definition, attributes left out taking the service's defaults (searchable for strings; filterable and sortable for simple types).</summary>
    private static bool SameField(JsonObject a, JsonObject b) =>
        (string?)a["type"] == (string?)b["type"] && (string?)a["analyzer"] == (string?)b["analyzer"]
        && new[] { "key", "searchable", "filterable", "sortable" }.All(p => Effective(a, p) == Effective(b, p));

    private static bool Effective(JsonObject field, string attribute) => field[attribute]?.GetValue<bool>() ?? attribute switch
    {
        "searchable" => (string?)field["type"] is "Edm.String" or "Collection(Edm.String)",
        "filterable" => true,
        "sortable" => !((string?)field["type"] ?? "").StartsWith("Collection", StringComparison.Ordinal),
        _ => false,
    };

    private static (int, JsonNode?) IndexDocuments(FakeIndex index, JsonObject body, DateTimeOffset visibleFrom, out int actions)
    {
        if (body["value"] is not JsonArray value)
        {
            throw new RequestError(400, "The request is invalid. Details: the body must hold a 'value' array of index actions.");
        }
        actions = value.Count;
        if (value.Count > MaxActions)
        {
            throw new RequestError(400, $"The request is invalid. Details: the batch holds {value.Count} actions; at most {MaxActions} are allowed per request.");
        }
        var results = new JsonArray();
        var allSucceeded = true;
        lock (index)
        {
            var keyField = index.KeyField;
            var documents = value.Select(a => a as JsonObject ?? throw new RequestError(400, "The request is invalid. Details: every index action must be an object.")).ToList();
            foreach (var document in documents)
            {
                foreach (var (property, node) in document)
                {
                    if (property == "@search.action")
                    {
                        continue;
                    }
                    var field = index.Field(property) ?? throw new RequestError(400, $"The request is invalid. Details: The property '{property}' does not exist on type 'search.documentFields'. Make sure to only use property names that are defined by the type.");
                    CheckValue(property, (string)field["type"]!, node);
                }
                var action = document["@search.action"]?.GetValue<string>() ?? "upload";
                if (action is not ("upload" or "merge" or "mergeOrUpload" or "delete"))
                {
                    throw new RequestError(400, $"The request is invalid. Details: '{action}' is not a valid index action.");
                }
            }
            foreach (var document in documents)
            {
                var action = document["@search.action"]?.GetValue<string>() ?? "upload";
                var key = document[keyField]?.GetValue<string>();
                var (ok, code, error) = (true, 200, (string?)null);
                if (key is null || !KeyPattern().IsMatch(key))
                {
                    (ok, code, error) = (false, 400, $"Invalid document key: '{key}'. Keys can only contain letters, digits, underscore (_), dash (-), or equal sign (=).");
                }
                else
                {
                    var fields = document.Where(p => p.Key != "@search.action").ToDictionary(p => p.Key, p => p.Value?.DeepClone());
                    var exists = index.Documents.TryGetValue(key, out var current);
                    index.VisibleFrom[key] = visibleFrom;
                    switch (action)
                    {
                        case "delete":
                            index.Documents.Remove(key);
                            break;
                        case "merge" when !exists:
                            (ok, code, error) = (false, 404, "Document not found.");
                            break;
                        case "merge" or "mergeOrUpload" when exists:
                            foreach (var (name, node) in fields)
                            {
                                current![name] = node;
                            }
                            break;
                        default:
                            index.Documents[key] = new JsonObject(fields);
                            code = exists ? 200 : 201;
                            break;
                    }
                }
                allSucceeded &= ok;
                results.Add(new JsonObject { ["key"] = key, ["status"] = ok, ["errorMessage"] = error, ["statusCode"] = code });
            }
        }
        return (allSucceeded ? 200 : 207, new JsonObject { ["value"] = results });
    }

    private static void CheckValue(string field, string type, JsonNode? node)
    {
        var ok = node is null || type switch
        {
            "Edm.String" or "Edm.DateTimeOffset" => node.GetValueKind() == JsonValueKind.String,
            "Edm.Int32" => node.GetValueKind() == JsonValueKind.Number && int.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            "Edm.Int64" => node.GetValueKind() == JsonValueKind.Number && long.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            "Edm.Double" => node.GetValueKind() == JsonValueKind.Number,
            "Edm.Boolean" => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "Collection(Edm.String)" => node is JsonArray array && array.All(i => i?.GetValueKind() == JsonValueKind.String),
            _ => false,
        };
        if (!ok)
        {
            throw new RequestError(400, $"The request is invalid. Details: Cannot convert the literal '{node?.ToJsonString()}' of field '{field}' to the expected type '{type}'.");
        }
    }

    private static JsonObject Search(FakeIndex index, JsonObject body)
    {
        foreach (var (name, _) in body)
        {
            if (!SearchParameters.Contains(name))
            {
                throw new RequestError(400, $"The request is invalid. Details: The parameter '{name}' in the request payload is not a valid parameter for the operation 'search'.");
            }
        }
        var queryType = body["queryType"]?.GetValue<string>() ?? "simple";
        if (queryType != "simple")
        {
            throw new RequestError(400, $"The loopback fake answers queryType 'simple' only, not '{queryType}'.");
        }
        var searchMode = body["searchMode"]?.GetValue<string>() ?? "any";
        if (searchMode is not ("any" or "all"))
        {
            throw new RequestError(400, $"The request is invalid. Details: '{searchMode}' is not a valid searchMode (any, all).");
        }
        var top = body["top"]?.GetValue<int>();
        var skip = body["skip"]?.GetValue<int>() ?? 0;
        if (top < 0 || skip < 0 || skip > 100_000)
        {
            throw new RequestError(400, "The request is invalid. Details: top must not be negative and skip must be between 0 and 100000.");
        }
        lock (index)
        {
            var searchFields = List(body["searchFields"]) is { Count: > 0 } named
                ? named.Select(f => Require(index, f, "searchable", "search")).ToList()
                : index.Fields.Where(f => IsSearchable(f)).ToList();
            var select = List(body["select"]) is { Count: > 0 } chosen && !chosen.SequenceEqual(["*"])
                ? chosen.Select(f => (string)Require(index, f, "retrievable", "select")["name"]!).ToList()
                : index.Fields.Where(f => f["retrievable"]?.GetValue<bool>() != false).Select(f => (string)f["name"]!).ToList();
            var filter = body["filter"]?.GetValue<string>() is { Length: > 0 } text ? ParseFilter(index, text) : (_ => true);
            var orderBy = List(body["orderby"]).Select(o => OrderClause(index, o)).ToList();
            var scored = Score(index, body["search"]?.GetValue<string>() ?? "*", searchFields, searchMode).Where(s => filter(s.Document)).ToList();
            IOrderedEnumerable<(JsonObject Document, double Score)> ordered = scored.OrderBy(_ => 0);
            foreach (var (field, descending) in orderBy)
            {
                ordered = descending ? ordered.ThenByDescending(s => s.Document[field]?.ToString(), StringComparer.Ordinal) : ordered.ThenBy(s => s.Document[field]?.ToString(), StringComparer.Ordinal);
            }
            ordered = ordered.ThenByDescending(s => s.Score).ThenBy(s => s.Document[index.KeyField]!.GetValue<string>(), StringComparer.Ordinal);
            var all = ordered.ToList();
            var page = Math.Min(top ?? 50, MaxActions);
            var values = new JsonArray();
            foreach (var (document, score) in all.Skip(skip).Take(page))
            {
                var result = new JsonObject { ["@search.score"] = score };
                foreach (var field in select)
                {
                    result[field] = document[field]?.DeepClone();
                }
                values.Add(result);
            }
            var answer = new JsonObject();
            if (body["count"]?.GetValue<bool>() == true)
            {
                answer["@odata.count"] = all.Count;
            }
            answer["value"] = values;
            var remaining = top is { } wanted ? Math.Min(wanted - page, all.Count - skip - page) : all.Count - skip - page;
            if (remaining > 0 && (top is null || top > MaxActions))
            {
                var next = body.DeepClone().AsObject();
                next["skip"] = skip + page;
                next["top"] = top is null ? null : top - page;
                answer["@search.nextPageParameters"] = next;
            }
            return answer;
        }
    }

    private static bool IsSearchable(JsonObject field) =>
        field["searchable"]?.GetValue<bool>() ?? (string?)field["type"] is "Edm.String" or "Collection(Edm.String)";

    private static JsonObject Require(FakeIndex index, string name, string attribute, string parameter)
    {
        var field = index.Field(name) ?? throw new RequestError(400, $"The request is invalid. Details: Unknown field '{name}' in {parameter}.");
        var has = attribute == "searchable" ? IsSearchable(field) : field[attribute]?.GetValue<bool>() ?? attribute == "retrievable";
        return has ? field : throw new RequestError(400, $"The request is invalid. Details: The field '{name}' in {parameter} is not {attribute}.");
    }

    private static (string Field, bool Descending) OrderClause(FakeIndex index, string clause)
    {
        var parts = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || (parts.Length == 2 && parts[1] is not ("asc" or "desc")))
        {
            throw new RequestError(400, $"Invalid expression: '{clause}' is not a valid orderby clause.");
        }
        Require(index, parts[0], "sortable", "$orderby");
        return (parts[0], parts.Length == 2 && parts[1] == "desc");
    }

    /// <summary>A comma-separated list parameter (the REST form of searchFields, select, orderby).</summary>
    private static List<string> List(JsonNode? node) =>
        node?.GetValue<string>() is { Length: > 0 } text ? text.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList() : [];

    /// <summary>Comparisons of a filterable field with a literal, joined by "and" (the part of OData the app sends).</summary>
    private static Func<JsonObject, bool> ParseFilter(FakeIndex index, string text)
    {
        var clauses = new List<Func<JsonObject, bool>>();
        var position = 0;
        while (true)
        {
            var match = ClausePattern().Match(text, position);
            if (!match.Success || match.Index != position)
            {
                throw new RequestError(400, $"Invalid expression: Syntax error at position {position} in '{text}'.");
            }
            var field = match.Groups["field"].Value;
            Require(index, field, "filterable", "$filter");
            var op = match.Groups["op"].Value;
            var literal = match.Groups["string"].Success ? match.Groups["string"].Value.Replace("''", "'", StringComparison.Ordinal) : match.Groups["number"].Value;
            var isString = match.Groups["string"].Success;
            clauses.Add(document =>
            {
                var value = document[field];
                int comparison;
                if (isString)
                {
                    if (value?.GetValueKind() != JsonValueKind.String)
                    {
                        return op == "ne";
                    }
                    comparison = string.CompareOrdinal(value.GetValue<string>(), literal);
                }
                else
                {
                    if (value?.GetValueKind() != JsonValueKind.Number)
                    {
                        return op == "ne";
                    }
                    comparison = value.GetValue<double>().CompareTo(double.Parse(literal, CultureInfo.InvariantCulture));
                }
                return op switch { "eq" => comparison == 0, "ne" => comparison != 0, "gt" => comparison > 0, "ge" => comparison >= 0, "lt" => comparison < 0, _ => comparison <= 0 };
            });
            position = match.Index + match.Length;
            if (position == text.Length)
            {
                break;
            }
            var and = AndPattern().Match(text, position);
            if (!and.Success || and.Index != position)
            {
                throw new RequestError(400, $"Invalid expression: Syntax error at position {position} in '{text}'.");
            }
            position += and.Length;
        }
        return document => clauses.All(c => c(document));
    }

    [GeneratedRegex(@"\s*(?<field>[A-Za-z][A-Za-z0-9_]*)\s+(?<op>eq|ne|gt|ge|lt|le)\s+(?:'(?<string>(?:[^']|'')*)'|(?<number>-?[0-9]+(?:\.[0-9]+)?))\s*")]
    private static partial Regex ClausePattern();

    [GeneratedRegex(@"and\s+")]
    private static partial Regex AndPattern();

    /// <summary>The simple query syntax's words and "phrases" (or * for everything), BM25 over the searched fields.</summary>
    private static List<(JsonObject Document, double Score)> Score(FakeIndex index, string search, IReadOnlyList<JsonObject> fields, string mode)
    {
        var now = DateTimeOffset.UtcNow;
        var documents = index.Documents.Where(d => index.VisibleFrom.GetValueOrDefault(d.Key) <= now).Select(d => d.Value).ToList();
        if (search.Trim() is "*" or "")
        {
            return documents.Select(d => (d, 1.0)).ToList();
        }
        var clauses = Clauses(search);
        var results = new List<(JsonObject, double)>();
        var statistics = fields.ToDictionary(f => (string)f["name"]!, f =>
        {
            var analyzed = documents.Select(d => Analyze(d[(string)f["name"]!]?.ToString(), (string?)f["analyzer"])).ToList();
            return (Analyzer: (string?)f["analyzer"], Tokens: analyzed, AverageLength: analyzed.Count == 0 ? 0 : analyzed.Average(a => a.Count));
        });
        for (var i = 0; i < documents.Count; i++)
        {
            double score = 0;
            var matched = 0;
            foreach (var clause in clauses)
            {
                var clauseScore = 0.0;
                var hit = false;
                foreach (var (_, field) in statistics)
                {
                    var phrase = Analyze(clause, field.Analyzer);
                    var tokens = field.Tokens[i];
                    if (phrase.Count == 0 || !ContainsPhrase(tokens, phrase))
                    {
                        continue;
                    }
                    hit = true;
                    foreach (var term in phrase)
                    {
                        var df = field.Tokens.Count(t => t.Contains(term));
                        var idf = Math.Log(1 + (documents.Count - df + 0.5) / (df + 0.5));
                        var tf = tokens.Count(t => t == term);
                        clauseScore += idf * tf * 2.2 / (tf + 1.2 * (1 - 0.75 + 0.75 * tokens.Count / Math.Max(1, field.AverageLength)));
                    }
                }
                if (hit)
                {
                    matched++;
                    score += clauseScore;
                }
            }
            if (mode == "all" ? matched == clauses.Count : matched > 0)
            {
                results.Add((documents[i], score));
            }
        }
        return results;
    }

    private static List<string> Clauses(string search)
    {
        var clauses = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < search.Length; i++)
        {
            var c = search[i];
            if (c == '\\' && i + 1 < search.Length)
            {
                current.Append(search[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                Flush();
            }
            else
            {
                current.Append(c);
            }
        }
        Flush();
        return clauses;

        void Flush()
        {
            if (current.Length > 0)
            {
                clauses.Add(current.ToString());
                current.Clear();
            }
        }
    }

    private static bool ContainsPhrase(List<string> tokens, List<string> phrase)
    {
        for (var start = 0; start + phrase.Count <= tokens.Count; start++)
        {
            if (phrase.Select((t, j) => tokens[start + j] == t).All(b => b))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>"whitespace" splits on white space and keeps case; the others (standard.lucene and the language ones) lower-case words.</summary>
    private static List<string> Analyze(string? text, string? analyzer) =>
        string.IsNullOrEmpty(text) ? []
        : analyzer == "whitespace" ? text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList()
        : WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
