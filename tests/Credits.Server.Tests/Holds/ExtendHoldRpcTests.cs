using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Credits.Server.Tests.Holds;

/// <summary>ExtendHold over gRPC with the server's fake clock: a long job keeps its hold, up to the lifetime cap (7 days by default).</summary>
public sealed class ExtendHoldRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    [Test]
    public async Task A_job_keeps_its_hold_by_extending_it_until_the_lifetime_cap_refuses()
    {
        var account = NewAccount();
        await Grant(account, 50);
        var reserved = Now;
        var hold = await Reserve(account, 20, ttl: TimeSpan.FromHours(24));
        var day = Duration.FromTimeSpan(TimeSpan.FromHours(24));

        // Every 23 hours the job asks for another day: six times fit in the 168-hour cap.
        ExtendHoldResponse extended = null!;
        for (var i = 0; i < 6; i++)
        {
            Time.Advance(TimeSpan.FromHours(23));
            extended = await Writer.ExtendHoldAsync(new ExtendHoldRequest { HoldId = hold.HoldId, Ttl = day });
            Assert.That(extended.ExpiresAt.ToDateTimeOffset(), Is.EqualTo(Now + TimeSpan.FromHours(24)));
        }
        var repeated = await Writer.ExtendHoldAsync(new ExtendHoldRequest { HoldId = hold.HoldId, Ttl = day });
        Time.Advance(TimeSpan.FromHours(23));
        var error = await RpcFailure(() => Raw.ExtendHoldAsync(new ExtendHoldRequest { HoldId = hold.HoldId, Ttl = day }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);

        Assert.That(repeated.ExpiresAt, Is.EqualTo(extended.ExpiresAt), "asking again changes nothing");
        Assert.That(extended.Balance.Held, Is.EqualTo(20));
        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        var info = ErrorInfoOf(error);
        Assert.That(info.Reason, Is.EqualTo("HOLD_LIFETIME_EXCEEDED"));
        Assert.That(info.Metadata["holdId"], Is.EqualTo(hold.HoldId));
        Assert.That(info.Metadata["lifetimeMaxSeconds"], Is.EqualTo("604800"));
        Assert.That(DateTimeOffset.Parse(info.Metadata["expiresAtMax"], System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(reserved + TimeSpan.FromDays(7)));
        var committed = await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
        Assert.That(committed.Committed, Is.EqualTo(20), "the hold is still active after the refusal");
    }

    [Test]
    public async Task Extending_an_ended_hold_is_failed_precondition_hold_not_active()
    {
        var account = NewAccount();
        await Grant(account, 50);
        var hold = await Reserve(account, 20);
        await Writer.ReleaseAsync(new ReleaseRequest { HoldId = hold.HoldId });

        var error = await RpcFailure(() => Raw.ExtendHoldAsync(
            new ExtendHoldRequest { HoldId = hold.HoldId, Ttl = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);

        Assert.That(error.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(ErrorInfoOf(error).Reason, Is.EqualTo("HOLD_NOT_ACTIVE"));
        Assert.That(ErrorInfoOf(error).Metadata["state"], Is.EqualTo("released"));
    }

    [Test]
    public async Task A_missing_ttl_is_invalid_argument_naming_the_field_and_a_reader_key_is_denied()
    {
        var account = NewAccount();
        await Grant(account, 50);
        var hold = await Reserve(account, 20);

        var missing = await RpcFailure(() => Raw.ExtendHoldAsync(new ExtendHoldRequest { HoldId = hold.HoldId }, LedgerServer.Bearer(TestKeys.Writer)).ResponseAsync);
        var denied = await RpcFailure(() => Raw.ExtendHoldAsync(
            new ExtendHoldRequest { HoldId = hold.HoldId, Ttl = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) }, LedgerServer.Bearer(TestKeys.Reader)).ResponseAsync);

        Assert.That(missing.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(BadRequestOf(missing)!.FieldViolations.Single().Field, Is.EqualTo("ttl"));
        Assert.That(denied.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
    }
}
