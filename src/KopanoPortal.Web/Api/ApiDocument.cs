using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KopanoPortal.Web.Api;

/// <summary>
/// The API's OpenAPI document (<c>/api/openapi/v1.json</c>), generated from the endpoints themselves. It is the same
/// on every installation (no server address in it), so a test compares it with docs/api/openapi-v1.json and any
/// change to the API shows in review.
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";
    public const string Route = "/api/openapi/{documentName}.json";

    public static IServiceCollection AddPortalApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(Name, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, context, ct) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "KopanoPortal API",
                    Version = "v1",
                    Description = "Tenants, users, groups and their settings of a Kopano Core installation, with the portal's rules and audit. "
                        + "Authenticate with an API token from the portal's API tokens page: `Authorization: Bearer kpt_…`. "
                        + "A token's role limits it: Read only tokens get 403 on every change, Tenant admin tokens act as the company admin of their one tenant. "
                        + "Errors are RFC 9457 problem details; objects outside the token's reach answer 404, as objects that do not exist. "
                        + "Lists take `offset`, `limit` (1–200) and `search` and link the `next` page. "
                        + "Users, tenants and groups carry a strong `ETag`; " + ApiPreconditions.UpdateDescription + " "
                        + "Creates take an `Idempotency-Key` header: " + ApiIdempotency.Description,
                };
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["ApiToken"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http,
                        Scheme = "bearer",
                        Description = "An API token, shown once when it is created in the portal.",
                    },
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiToken", document)] = [] }];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, ct) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentCreateMetadata>().Any())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = ApiIdempotency.Header,
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = ApiIdempotency.Description,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = ApiIdempotency.MaxKeyLength },
                    });
                }
                return Task.CompletedTask;
            });
        });
}
