// Owns how an error becomes an RFC 9457 problem+json answer, the same in both modes.
using Microsoft.AspNetCore.Mvc;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting;

/// <summary>
/// Maps Core's typed errors to problem+json: every expected bad input is a 4xx naming its field and is
/// logged below error level (a client's mistake is not the app's); anything unexpected is a 500 without
/// details, logged with the exception.
/// </summary>
public static class Problems
{
    public static IResult From(Exception exception, HttpContext context, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        var (status, title, detail, field) = exception switch
        {
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message, null),
            InputValidationException e => (StatusCodes.Status400BadRequest, "Invalid input", e.Message, e.Field),
            ConflictException e => (StatusCodes.Status409Conflict, "Conflict", e.Message, null),
            InvalidTransitionException e => (StatusCodes.Status409Conflict, "Invalid stage transition", e.Message, "stage"),
            UnprocessableException e => (StatusCodes.Status422UnprocessableEntity, "Refused by a business rule", e.Message, e.Field),
            UnauthorizedException e => (StatusCodes.Status401Unauthorized, "Unauthorized", e.Message, "Authorization"),
            UpstreamException { Transient: true } e => (StatusCodes.Status503ServiceUnavailable, "Outside service unavailable", e.Message, null),
            UpstreamException e => (StatusCodes.Status502BadGateway, "Outside service refused the request", e.Message, null),
            PayloadTooLargeException e => (StatusCodes.Status413PayloadTooLarge, "Body too large", e.Message, "$"),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message, (string?)null),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "The request failed unexpectedly; it has been logged.", (string?)null),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else
        {
            logger.LogInformation("{Method} {Path} refused with {Status}: {Detail}", context.Request.Method, context.Request.Path, status, detail);
        }
        return Result(status, title, detail, field, context.Request.Path);
    }

    public static IResult Result(int status, string title, string detail, string? field, string? instance)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = instance };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }
        return TypedResults.Problem(problem);
    }
}
