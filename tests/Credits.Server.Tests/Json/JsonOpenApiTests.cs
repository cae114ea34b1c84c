using System.Text.Json.Nodes;
using Credits.Ledger.Data;

namespace Credits.Server.Tests.Json;

/// <summary>
/// The JSON listener serves an OpenAPI document of the HTTP/JSON face, and docs/http-json.openapi.json
/// is that document, so what a newcomer reads (or generates a client from) is what the server does.
/// </summary>
public sealed class JsonOpenApiTests(DatabaseProvider provider) : JsonFixture(provider)
{
    private const string DocumentPath = "/openapi/v1.json";
    private const string CheckedInDocument = "docs/http-json.openapi.json";

    private static readonly string[] FiveOperations =
    [
        "GET /v1/accounts/{accountId}/balance GetBalance",
        "POST /v1/accounts/{accountId}/grants Grant",
        "POST /v1/accounts/{accountId}/reservations Reserve",
        "POST /v1/holds/{holdId}:commit Commit",
        "POST /v1/holds/{holdId}:release Release",
    ];

    private async Task<JsonNode> ServedDocument()
    {
        using var response = await GetJson(DocumentPath, apiKey: null);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Test]
    public async Task The_document_lists_the_five_operations_by_their_rpc_names_with_their_routes()
    {
        var paths = (await ServedDocument())["paths"]!.AsObject();

        var operations = paths.SelectMany(path => path.Value!.AsObject()
                .Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key} {operation.Value!["operationId"]}"))
            .Order(StringComparer.Ordinal);

        Assert.That(operations, Is.EqualTo(FiveOperations));
    }

    [Test]
    public async Task The_document_asks_for_a_bearer_api_key_on_every_operation()
    {
        var document = await ServedDocument();

        Assert.That(document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
        Assert.That(document["security"]!.AsArray().Single()!["bearer"], Is.Not.Null);
    }

    [Test]
    public async Task The_checked_in_document_is_the_served_one()
    {
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), CheckedInDocument)));

        Assert.That(JsonNode.DeepEquals(checkedIn, await ServedDocument()), Is.True,
            $"{CheckedInDocument} is stale: regenerate it as docs/http-json.md says (curl -s http://127.0.0.1:5083{DocumentPath}).");
    }
}
