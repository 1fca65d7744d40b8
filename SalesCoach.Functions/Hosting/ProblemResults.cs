using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SalesCoach.Core.Platform;

namespace SalesCoach.Functions.Hosting;

/// <summary>
/// Maps Core's typed errors and unusable requests to RFC 9457 problem+json. Anything unexpected is a
/// 500 without details (logged with the exception); every expected bad input is a 4xx that names its field.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, field) = exception switch
        {
            NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message, null),
            InputValidationException e => (StatusCodes.Status400BadRequest, "Invalid input", e.Message, e.Field),
            ConflictException e => (StatusCodes.Status409Conflict, "Conflict", e.Message, null),
            InvalidTransitionException e => (StatusCodes.Status409Conflict, "Invalid stage transition", e.Message, "stage"),
            UnprocessableException e => (StatusCodes.Status422UnprocessableEntity, "Refused by a business rule", e.Message, e.Field),
            UnauthorizedException e => (StatusCodes.Status401Unauthorized, "Unauthorized", e.Message, "Authorization"),
            PayloadTooLargeException e => (StatusCodes.Status413PayloadTooLarge, "Body too large", e.Message, "$"),
            InvalidInvocationException e => (StatusCodes.Status400BadRequest, "Invalid invocation payload", e.Message, "Data"),
            BadHttpRequestException e when e.InnerException is JsonException json => (StatusCodes.Status400BadRequest, "Malformed JSON body", json.Message, json.Path),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message, null),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "The request failed unexpectedly; it has been logged.", (string?)null),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = httpContext.Request.Path };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
    }
}
