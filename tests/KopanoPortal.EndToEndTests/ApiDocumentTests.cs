using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KopanoPortal.EndToEndTests.Infrastructure;

namespace KopanoPortal.EndToEndTests;

/// <summary>
/// The OpenAPI document the portal serves equals the checked-in docs/api/openapi-v1.json, so that every change to the
/// API shows in review. After an intended change, regenerate the file with
/// <c>KOPANOPORTAL_UPDATE_API_DOCUMENT=1 scripts/test.sh --filter "FullyQualifiedName~ApiDocumentTests"</c>.
/// </summary>
public sealed class ApiDocumentTests(SqlitePortalFactory portal) : IClassFixture<SqlitePortalFactory>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string CheckedIn => Path.Combine(TestEnvironment.RepositoryRoot, "docs", "api", "openapi-v1.json");

    [Fact]
    public async Task The_served_OpenAPI_document_is_the_checked_in_one()
    {
        using var http = new HttpClient { BaseAddress = portal.BaseUrl };
        using var response = await http.GetAsync("api/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = Normalize(await response.Content.ReadAsStringAsync());

        if (Environment.GetEnvironmentVariable("KOPANOPORTAL_UPDATE_API_DOCUMENT") == "1")
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(CheckedIn)!);
            await File.WriteAllTextAsync(CheckedIn, served);
        }
        Assert.True(File.Exists(CheckedIn), $"{CheckedIn} is missing: regenerate it (see this test's summary).");
        var expected = Normalize(await File.ReadAllTextAsync(CheckedIn));
        Assert.True(expected == served,
            "The API changed: review the difference and regenerate docs/api/openapi-v1.json (see ApiDocumentTests' summary).\n" + served);

        // What the document must say whatever else changes: the bearer scheme, and no server address of this run.
        var document = JsonNode.Parse(served)!;
        Assert.Equal("bearer", (string?)document["components"]?["securitySchemes"]?["ApiToken"]?["scheme"]);
        Assert.Null(document["servers"]);
        Assert.NotNull(document["paths"]?["/api/v1/tenants/{id}/users"]);
    }

    /// <summary>Indented, with '\n' line ends, so the file reads well in review and compares on any platform.</summary>
    private static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
}
