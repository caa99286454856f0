using Microsoft.AspNetCore.Http.HttpResults;
using PartnerPortal.Domain.Common;

namespace PartnerPortal.Web.Features.Api;

/// <summary>A field and what is wrong with it, in API notation (<c>charges[1].tiers[2].upTo</c>).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Thrown by feature services for a request that cannot be carried out; the API turns it into a problem.</summary>
public sealed class RequestRejectedException(int status, string title, IReadOnlyList<FieldError>? errors = null) : Exception(title)
{
    public int Status { get; } = status;
    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];

    public static RequestRejectedException Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, message, [new FieldError(field, message)]);

    public static RequestRejectedException Invalid(IReadOnlyList<FieldError> errors) =>
        new(StatusCodes.Status400BadRequest, errors.Count == 1 ? errors[0].Message : "The request has invalid fields.", errors);

    public static RequestRejectedException NotFound(string what) => new(StatusCodes.Status404NotFound, $"{what} was not found.");

    public static RequestRejectedException Conflict(string message, string? field = null) =>
        new(StatusCodes.Status409Conflict, message, field is null ? null : [new FieldError(field, message)]);

    /// <summary>A racing or repeated create that a unique index refused: 409 naming the fields that collided.</summary>
    public static RequestRejectedException Conflict(Data.UniqueKeyViolationException ex) =>
        new(StatusCodes.Status409Conflict, ex.Message, ex.Fields.Select(f => new FieldError(f, ex.Message)).ToList());
}

/// <summary>RFC 7807 answers. Validation problems carry <c>errors</c>: field → messages, as ASP.NET Core does.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult From(RequestRejectedException ex)
    {
        var extensions = ex.Errors.Count == 0
            ? null
            : new Dictionary<string, object?>
            {
                ["errors"] = ex.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            };
        return TypedResults.Problem(statusCode: ex.Status, title: Title(ex.Status), detail: ex.Message, extensions: extensions);
    }

    public static ProblemHttpResult From(DomainException ex) =>
        From(ex.Field is null
            ? new RequestRejectedException(StatusCodes.Status409Conflict, ex.Message)
            : RequestRejectedException.Invalid(ex.Field, ex.Message));

    private static string Title(int status) => status switch
    {
        400 => "Invalid request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Payload too large",
        _ => "Error",
    };
}

/// <summary>
/// Turns exceptions of feature code into problems, so endpoints stay straight-line code. Malformed JSON
/// (a <see cref="BadHttpRequestException"/>) becomes a 400 problem that says what could not be read.
/// </summary>
public sealed class ApiExceptionFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RequestRejectedException ex)
        {
            return ApiProblems.From(ex);
        }
        catch (DomainException ex)
        {
            return ApiProblems.From(ex);
        }
        catch (Data.UniqueKeyViolationException ex)
        {
            // Every create path: a unique index that refused the row is a conflict, never a 500.
            return ApiProblems.From(RequestRejectedException.Conflict(ex));
        }
    }
}
