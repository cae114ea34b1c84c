namespace Credits.Audit.Tests.Model;

/// <summary>Credits of one lot moved by a change, as a journal entry or a hold lists them.</summary>
public sealed record ModelPart(ModelLot Lot, long Amount);
