// Owns the annotations an HTTP function carries for the OpenAPI document: what it does, its body, its answer, its query parameters.
namespace SalesCoach.Functions.Hosting.OpenApi;

/// <summary>What an HTTP function does, in words a user reads, with its request and response bodies.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiOperationAttribute(string summary) : Attribute
{
    public string Summary { get; } = summary;
    /// <summary>The JSON request body's type, if any.</summary>
    public Type? Body { get; init; }
    /// <summary>The success answer's JSON type, if any.</summary>
    public Type? Response { get; init; }
    public int Status { get; init; } = 200;
    /// <summary>A non-JSON success answer (a file), e.g. "text/csv".</summary>
    public string? ResponseContentType { get; init; }
}

/// <summary>One query-string parameter of an HTTP function.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiQueryAttribute(string name, string type, string description) : Attribute
{
    public string Name { get; } = name;
    /// <summary>A JSON Schema type: string, integer, number or boolean.</summary>
    public string Type { get; } = type;
    public string Description { get; } = description;
    public bool Required { get; init; }
}
