using System.Data.Common;
using Credits.Ledger.Engine;
using Credits.Ledger.GiftCodes;

namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Gift codes as a batch entity, keyed by the code's SHA-256: inserted in the batch that takes the
/// issuer's credits into escrow, so the codes and the credits behind them commit together.
/// </summary>
internal sealed class GiftCodeStore : BatchEntityStore<string, GiftCode>
{
    private const string Columns =
        "code_hash, code_id, issuer_account_id, display_suffix, amount, expires_at_ms, created_at_ms, escrow, state, ended_by, ended_at_ms";

    // PostgreSQL locks the codes after the batch's accounts (every batch takes its account locks
    // first, so this order cannot deadlock): two redemptions of one code by different accounts run
    // in different batches, and the second then reads the first one's outcome. SQLite's single
    // writer serialises them already.
    protected override void AppendLoad(SqlText sql, DatabaseProvider provider, IReadOnlyList<string> keys) =>
        sql.Append($"SELECT {Columns} FROM gift_codes WHERE code_hash IN ").List(keys)
            .Append(provider == DatabaseProvider.Postgres ? " ORDER BY code_hash FOR UPDATE;\n" : ";\n");

    protected override GiftCode Read(DbDataReader reader) => GiftCode.Loaded(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
        Clock.FromMs(reader.GetInt64(5)), Clock.FromMs(reader.GetInt64(6)),
        StoredJson.Read<List<EscrowPart>>(reader.GetString(7)), (GiftCodeState)reader.GetInt32(8), reader.GetString(9),
        reader.IsDBNull(10) ? null : Clock.FromMs(reader.GetInt64(10)));

    protected override void AppendWrites(BatchWriteText write, IReadOnlyList<GiftCode> created, IReadOnlyList<GiftCode> changed)
    {
        foreach (var code in changed)
        {
            // A code ends once: the update only matches an active row, and a checked update that
            // matches nothing fails the batch rather than handing out the escrow twice.
            write.BeginUpdate().Append("UPDATE gift_codes SET state = ").Param((int)code.State)
                .Append(", ended_by = ").Param(code.EndedBy).Append(", ended_at_ms = ").Param(Clock.ToMs(code.EndedAt))
                .Append(" WHERE code_hash = ").Param(code.Key).Append($" AND state = {(int)GiftCodeState.Active}");
            write.EndUpdate();
        }
        write.Insert($"gift_codes ({Columns})", created, code =>
        [
            code.Key, code.CodeId, code.IssuerAccountId, code.DisplaySuffix, code.Amount, Clock.ToMs(code.ExpiresAt),
            Clock.ToMs(code.CreatedAt), StoredJson.Write(code.Escrow), (int)code.State, code.EndedBy, Clock.ToMs(code.EndedAt),
        ]);
    }
}
