// Example: a product service whose endpoints cost credits, with Credits.AspNetCore.
//
// Run a ledger (`dotnet run --project src/Credits.Server`: Development, 127.0.0.1:5080, key credits-dev-key), then:
//
//   dotnet run --project clients/examples/aspnet-minimal-api      (appsettings.json points at that ledger)
//   curl -i -X POST http://127.0.0.1:5090/images -H 'X-Demo-User: user:42' -H 'Idempotency-Key: order-1'
//
// Each priced request reserves its price before the handler, commits it when the answer is 2xx (the
// Credits-Remaining header says what is left) and releases it on any other status, an exception or a client
// abort. Without enough credits the answer is 402 with a problem+json body (available, required, purchaseUrl).
//
// Who pays: the account comes from the signed-in user's `sub` claim by default (add JWT bearer or cookie
// authentication and drop the AccountResolver line). This example reads an X-Demo-User header instead so it
// runs without an identity provider: NEVER do that in production, anyone could spend anyone's credits.
using Credits.AspNetCore;
using Credits.AspNetCore.Http;

var builder = WebApplication.CreateBuilder(args);

// 1. The ledger client: address, API key and behaviour from the "Credits" section (appsettings.json, environment).
builder.Services.AddCreditsClient(options =>
{
    builder.Configuration.GetSection("Credits").Bind(options);
    options.AccountResolver = context => context.Request.Headers["X-Demo-User"].FirstOrDefault();
});
builder.Services.AddControllers();

var app = builder.Build();

// 2. The middleware that charges priced endpoints: after authentication, before the endpoints.
app.UseAuthentication();
app.UseCredits();

// 3. One line per endpoint.
// Priced by the ledger's catalogue: the ledger decides what image.generate costs.
app.MapPost("/images", (ImageRequest request) => new { image = $"a picture of {request.Prompt}" })
    .RequireCredits("image.generate");

// Priced by a fixed amount.
app.MapPost("/summaries", (SummaryRequest request) => new { summary = request.Text.Length > 40 ? request.Text[..40] + "..." : request.Text })
    .RequireCredits(2);

// Reserves the most it may cost (10), then reports what it actually used: that much is committed, the rest goes back.
app.MapPost("/transcriptions", (HttpContext context, TranscriptionRequest request) =>
{
    var minutes = Math.Clamp(request.Minutes, 1, 10);
    context.UseCredits(minutes);
    return new { transcript = $"{minutes} minutes transcribed" };
}).RequireCredits(10);

// Controllers are priced with the attribute (see ReportsController).
app.MapControllers();

app.Run();

internal sealed record ImageRequest(string Prompt);

internal sealed record SummaryRequest(string Text);

internal sealed record TranscriptionRequest(int Minutes);
