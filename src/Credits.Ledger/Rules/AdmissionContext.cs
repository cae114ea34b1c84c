using Credits.Ledger.Pricing;

namespace Credits.Ledger.Rules;

/// <summary>What a rule may consult while admitting a command, before any database work: the price catalogue.</summary>
internal sealed record AdmissionContext(IPriceCatalog Prices);
