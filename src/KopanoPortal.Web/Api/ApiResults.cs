using KopanoPortal.Core.Model;

namespace KopanoPortal.Web.Api;

/// <summary>
/// The services' expected failures as RFC 9457 problem details. Objects outside the token's reach are "not found",
/// exactly as objects that do not exist (the services answer both alike); field errors name the API's JSON fields.
/// </summary>
public static class ApiResults
{
    public static IResult Problem(OperationError error) => error switch
    {
        InvalidInput invalid => Validation(invalid.FieldErrors),
        NameTaken taken => TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status409Conflict, Title = "The name is taken.", Detail = taken.Message,
            Extensions = { ["errors"] = Fields(taken.FieldErrors) },
        }),
        NotFound notFound => TypedResults.Problem(notFound.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found."),
        Conflict conflict => TypedResults.Problem(conflict.Message, statusCode: StatusCodes.Status409Conflict, title: "Changed meanwhile."),
        Forbidden forbidden => TypedResults.Problem(forbidden.Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden."),
        ServerUnreachable unreachable => TypedResults.Problem(unreachable.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Directory unavailable."),
        _ => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not done."),
    };

    /// <summary>As <see cref="Problem(OperationError)"/>, with the service's field names (<c>Member</c>) renamed to the body's (<c>userId</c>).</summary>
    public static IResult Problem(OperationError error, params (string Service, string Api)[] renames) => error switch
    {
        InvalidInput invalid => Validation(invalid.FieldErrors.ToDictionary(
            f => renames.FirstOrDefault(r => r.Service == f.Key).Api ?? f.Key, f => f.Value)),
        _ => Problem(error),
    };

    public static IResult Validation(IReadOnlyDictionary<string, string> fields) => TypedResults.ValidationProblem(Fields(fields));

    public static IResult Validation(string field, string message) => Validation(new Dictionary<string, string> { [field] = message });

    /// <summary>The services name fields as their forms do (FullName); the API's JSON names them in camel case (fullName).</summary>
    private static Dictionary<string, string[]> Fields(IReadOnlyDictionary<string, string> fields) =>
        fields.ToDictionary(f => JsonName(f.Key), f => new[] { f.Value });

    private static string JsonName(string field) =>
        field.Length == 0 ? field : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(field);
}
