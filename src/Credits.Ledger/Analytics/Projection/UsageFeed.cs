namespace Credits.Ledger.Analytics.Projection;

/// <summary>
/// The usage of committed batches waiting for the <see cref="UsageProjector"/>, in memory: one
/// block per account, merged while each follows the last. Nothing here must survive a crash: the
/// journal does, and the projector reads it back for any account it has no block for.
/// </summary>
public sealed class UsageFeed
{
    /// <summary>Accounts waiting beyond this are dropped, and a catch-up from the database is due.</summary>
    public const int AccountsMax = 100_000;

    private readonly object _gate = new();
    private Dictionary<string, UsageBlock> _blocks = new(StringComparer.Ordinal);
    private HashSet<string> _replay = new(StringComparer.Ordinal);
    private bool _overflowed;

    /// <summary>The blocks of a batch that committed.</summary>
    internal void Add(IReadOnlyList<UsageBlock> blocks)
    {
        if (blocks.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            foreach (var block in blocks)
            {
                Merge(block);
            }
        }
    }

    /// <summary>Accounts a batch may or may not have changed (its commit's answer was lost): their usage is read back.</summary>
    internal void Uncertain(IEnumerable<string> accountIds)
    {
        lock (_gate)
        {
            foreach (var accountId in accountIds)
            {
                _blocks.Remove(accountId);
                MarkReplay(accountId);
            }
        }
    }

    /// <summary>Takes everything waiting, or only <paramref name="accountId"/>'s.</summary>
    internal UsageWork Take(string? accountId = null)
    {
        lock (_gate)
        {
            if (accountId is not null)
            {
                var blocks = new Dictionary<string, UsageBlock>(StringComparer.Ordinal);
                if (_blocks.Remove(accountId, out var block))
                {
                    blocks.Add(accountId, block);
                }
                var replay = new HashSet<string>(StringComparer.Ordinal);
                if (_replay.Remove(accountId))
                {
                    replay.Add(accountId);
                }
                return new UsageWork(blocks, replay, CatchUp: false);
            }
            var work = new UsageWork(_blocks, _replay, _overflowed);
            _blocks = new Dictionary<string, UsageBlock>(StringComparer.Ordinal);
            _replay = new HashSet<string>(StringComparer.Ordinal);
            _overflowed = false;
            return work;
        }
    }

    /// <summary>Puts back work whose fold failed, before anything that arrived since.</summary>
    internal void Return(UsageWork work)
    {
        lock (_gate)
        {
            _overflowed |= work.CatchUp;
            foreach (var accountId in work.Replay)
            {
                _blocks.Remove(accountId);
                MarkReplay(accountId);
            }
            foreach (var block in work.Blocks.Values)
            {
                if (_replay.Contains(block.AccountId))
                {
                    continue;
                }
                if (_blocks.Remove(block.AccountId, out var later))
                {
                    if (later.From == block.To)
                    {
                        block.Tally!.AddAll(later.Tally!);
                        Put(block with { To = later.To });
                    }
                    else
                    {
                        MarkReplay(block.AccountId);
                    }
                    continue;
                }
                Put(block);
            }
        }
    }

    private void Merge(UsageBlock block)
    {
        if (_replay.Contains(block.AccountId))
        {
            return;
        }
        if (block.Tally is null)
        {
            _blocks.Remove(block.AccountId);
            MarkReplay(block.AccountId);
            return;
        }
        if (!_blocks.TryGetValue(block.AccountId, out var earlier))
        {
            Put(block);
            return;
        }
        if (earlier.To == block.From)
        {
            earlier.Tally!.AddAll(block.Tally);
            _blocks[block.AccountId] = earlier with { To = block.To };
            return;
        }
        // A gap (a peer wrote the account between) or blocks out of order: the journal decides.
        _blocks.Remove(block.AccountId);
        MarkReplay(block.AccountId);
    }

    private void Put(UsageBlock block)
    {
        if (_blocks.Count + _replay.Count >= AccountsMax)
        {
            _overflowed = true;
            return;
        }
        _blocks[block.AccountId] = block;
    }

    private void MarkReplay(string accountId)
    {
        if (_blocks.Count + _replay.Count >= AccountsMax)
        {
            _overflowed = true;
            return;
        }
        _replay.Add(accountId);
    }
}

/// <summary>What one fold takes from the <see cref="UsageFeed"/>: blocks, accounts to read back, and whether a full catch-up is due.</summary>
internal sealed record UsageWork(Dictionary<string, UsageBlock> Blocks, HashSet<string> Replay, bool CatchUp);
