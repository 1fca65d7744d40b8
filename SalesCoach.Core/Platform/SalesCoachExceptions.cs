// Owns the typed errors Core raises on purpose; the HTTP edge maps each to a status.
namespace SalesCoach.Core.Platform;

/// <summary>Base of the errors Core raises on purpose; the HTTP edge maps each to a problem+json status.</summary>
public abstract class SalesCoachException : Exception
{
    protected SalesCoachException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>The named thing does not exist (404).</summary>
public sealed class NotFoundException(string resource, string id)
    : SalesCoachException($"{resource} '{id}' was not found.")
{
    public string Resource { get; } = resource;
    public string Id { get; } = id;
}

/// <summary>An input field is malformed or out of range (400).</summary>
public sealed class InputValidationException(string field, string message) : SalesCoachException(message)
{
    public string Field { get; } = field;
}

/// <summary>The request conflicts with the current state (409).</summary>
public sealed class ConflictException(string message) : SalesCoachException(message);

/// <summary>A business rule refused the request (422), e.g. a transfer gate; <see cref="Field"/> names the gate.</summary>
public sealed class UnprocessableException(string field, string message) : SalesCoachException(message)
{
    public string Field { get; } = field;
}

/// <summary>A stage change the state machine does not allow (409), with the seed's wording.</summary>
public sealed class InvalidTransitionException(string from, string to, string? hint = null)
    : SalesCoachException($"Cannot transition from '{from}' to '{to}'" + (hint is null ? "" : $": {hint}"))
{
    public string From { get; } = from;
    public string To { get; } = to;
}

/// <summary>The request body is larger than the configured limit (413).</summary>
public sealed class PayloadTooLargeException(long limitBytes)
    : SalesCoachException($"The body is larger than the limit of {limitBytes} bytes.")
{
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>The request did not carry the credential the endpoint requires (401).</summary>
public sealed class UnauthorizedException(string message) : SalesCoachException(message);

/// <summary>
/// An outside service failed the call: <see cref="Transient"/> when it stayed unavailable after retries
/// (503, try again later), else it refused the request (502), e.g. a wrong key; the message names the setting to fix.
/// </summary>
public sealed class UpstreamException(string message, bool transient, Exception? inner = null) : SalesCoachException(message, inner)
{
    public bool Transient { get; } = transient;
}

/// <summary>A setting the app cannot start with; <see cref="Setting"/> is its name as set in app settings (Chats__TimeZone).</summary>
public sealed class InvalidSettingException(string setting, string problem)
    : InvalidOperationException($"setting {setting}: {problem}")
{
    public string Setting { get; } = setting;
    public string Problem { get; } = problem;
}
