using System.Net.Http.Headers;
using System.Text;
using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.Testing.Hosting;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;

namespace Credits.Server.Tests.Json;

/// <summary>
/// A real server with its HTTP/JSON listener (<c>Json:Url</c>) on a free loopback port, called with a
/// plain <see cref="HttpClient"/> as any non-gRPC caller would; replies are read with protobuf's own
/// JSON parser, so a field the contract does not have fails the test.
/// </summary>
public abstract class JsonFixture(DatabaseProvider provider) : ServerFixture(provider)
{
    private static readonly JsonParser Replies = new(JsonParser.Settings.Default
        .WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    private HttpClient? _http;

    protected Uri JsonAddress { get; } = new($"http://127.0.0.1:{LoopbackPorts.Free()}");

    protected override ServerSettings Settings => ServerSettings.Default with
    {
        Configuration = new Dictionary<string, string?> { ["Json:Url"] = JsonAddress.ToString() },
    };

    protected HttpClient Http => _http ??= new HttpClient { BaseAddress = JsonAddress };

    [OneTimeTearDown]
    public void DisposeHttp() => _http?.Dispose();

    /// <summary>POSTs <paramref name="json"/> as <c>application/json</c>, with <paramref name="apiKey"/> as the bearer unless null.</summary>
    protected Task<HttpResponseMessage> PostJson(string path, string json, string? apiKey = TestKeys.Writer) =>
        Send(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"), apiKey);

    protected Task<HttpResponseMessage> GetJson(string path, string? apiKey = TestKeys.Writer) =>
        Send(HttpMethod.Get, path, null, apiKey);

    protected Task<HttpResponseMessage> Send(HttpMethod method, string path, HttpContent? content, string? apiKey = TestKeys.Writer)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return Http.SendAsync(request);
    }

    /// <summary>The checkout's root, where the documentation the specs check lives.</summary>
    protected static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Credits.Grpc.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Credits.Grpc.sln not found above the test output.");
        }
        return root.FullName;
    }

    /// <summary>The reply as <typeparamref name="T"/>; fails unless it is a 200.</summary>
    protected static async Task<T> Read<T>(HttpResponseMessage response)
        where T : IMessage<T>, new()
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body);
        return Replies.Parse<T>(body);
    }

    /// <summary>The google.rpc.Status of a failed reply, and its ErrorInfo; fails unless the HTTP status is <paramref name="httpStatus"/>.</summary>
    protected static async Task<(Google.Rpc.Status Status, ErrorInfo Info)> ReadError(HttpResponseMessage response, int httpStatus)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(httpStatus), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), body);
        var status = Replies.Parse<Google.Rpc.Status>(body);
        var info = status.Details.Select(detail => detail.TryUnpack<ErrorInfo>(out var unpacked) ? unpacked : null).Single(found => found is not null)!;
        return (status, info);
    }
}
