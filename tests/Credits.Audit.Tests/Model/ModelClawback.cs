namespace Credits.Audit.Tests.Model;

/// <summary>
/// A claw-back as the model remembers it: what it took from which lot (so a reversal can give it
/// back), and the debt it left, repaid from later credits, oldest debt first.
/// </summary>
public sealed class ModelClawback(string reference, long amount, IReadOnlyList<ModelPart> taken, long owed, long createdAtMs)
{
    /// <summary>The refund or dispute it answers; one claw-back per reference and account.</summary>
    public string Reference { get; } = reference;
    public long Amount { get; } = amount;
    public IReadOnlyList<ModelPart> Taken { get; } = taken;
    public long OwedInitial { get; } = owed;
    public long OwedOutstanding { get; set; } = owed;
    public long CreatedAtMs { get; } = createdAtMs;
    public bool Reversed { get; set; }

    /// <summary>What later credits have repaid of the debt.</summary>
    public long Repaid => OwedInitial - OwedOutstanding;

    public override string ToString() =>
        $"claw-back {Reference} amount={Amount} taken={Taken.Sum(part => part.Amount)} owed={OwedOutstanding}/{OwedInitial}{(Reversed ? " reversed" : "")}";
}
