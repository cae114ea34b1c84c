import { Code } from "@connectrpc/connect";
import { type FormEvent, useCallback, useEffect, useMemo, useState } from "react";
import { CreditsError } from "../src/errors";
import {
  addPoolMember,
  createPoolsClient,
  getPoolUsage,
  type PoolMember,
  type PoolPeriodName,
  type PoolRoleName,
  type PoolsClient,
  removePoolMember,
  updatePoolMember,
} from "../src/pools";
import { createCreditsTransport } from "../src/transport";
import { errorText } from "./errorText";
import { credits } from "./format";
import { Nav } from "./Nav";
import type { PageSession } from "./session";

const PERIOD_LABELS: Record<PoolPeriodName, string> = { none: "in total", day: "a day", week: "a week", month: "a month" };

/** A fresh key per intended change: a retry of the same click would reuse it, a new change never does. */
const newKey = () => `page-${crypto.randomUUID()}`;

/** What to say about a failed change, by its reason. */
function poolErrorText(error: CreditsError): string {
  if (error.is("TOKEN_POOL_DENIED")) {
    return "You are not an admin of this pool.";
  }
  if (error.is("POOL_MEMBER_EXISTS")) {
    return "That account is a member already: change its terms in the table.";
  }
  if (error.is("INVALID_REQUEST")) {
    return `Check ${error.metadata.field ?? "the form"}: ${error.message}`;
  }
  return errorText(error);
}

/**
 * A pool admin's page (`?view=pool&pool=org:...`): the pool's members with their limits, periods
 * and roles, each member's usage this period as a bar, adding, changing and removing members, and
 * a link to top the pool up. The end-user token must be an admin member's of that pool.
 */
export function PoolPage({ session, poolAccountId }: { session: PageSession | undefined; poolAccountId: string }) {
  const client = useMemo(
    () => (session ? createPoolsClient(createCreditsTransport({ baseUrl: session.ledgerUrl, token: session.token })) : undefined),
    [session],
  );
  const [members, setMembers] = useState<PoolMember[]>();
  const [error, setError] = useState<CreditsError>();

  const reload = useCallback(async () => {
    if (!client) {
      return;
    }
    try {
      setMembers(await getPoolUsage(client, poolAccountId));
      setError(undefined);
    } catch (caught) {
      setError(CreditsError.from(caught));
    }
  }, [client, poolAccountId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (!session || !client || poolAccountId === "") {
    return (
      <main className="page">
        <Nav current="pool" />
        <h1>Pool</h1>
        <p className="notice notice-error" data-testid="no-session">
          This page needs a pool and a pool admin's token: open it as <code>?view=pool&amp;pool=org:&lt;id&gt;#token=&lt;token&gt;</code>.
        </p>
      </main>
    );
  }
  const active = members?.filter((member) => !member.removedAt) ?? [];
  return (
    <main className="page">
      <Nav current="pool" />
      <header className="page-header">
        <h1>Pool members</h1>
        <span className="account" data-testid="pool">
          {poolAccountId}
        </span>
      </header>
      {error && (
        <p className="notice notice-error" data-testid="pool-error">
          {poolErrorText(error)}
        </p>
      )}
      <section className="card">
        <div className="card-header">
          <h2>Usage this period</h2>
          {/* Buying for the pool itself is not built yet: the purchase page buys for the token's own account. */}
          <a href="./" data-testid="top-up">
            Top up the pool
          </a>
        </div>
        {members === undefined && !error && <p className="muted">Loading…</p>}
        {members !== undefined && active.length === 0 && <p className="muted" data-testid="members-empty">No members yet.</p>}
        {active.length > 0 && (
          <table className="data pool-members" data-testid="members">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">Limit</th>
                <th scope="col">Used this period</th>
                <th scope="col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {active.map((member) => (
                <MemberRow key={member.memberAccountId} member={member} client={client} onChanged={reload} onError={setError} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <AddMemberForm poolAccountId={poolAccountId} client={client} onChanged={reload} onError={setError} />
    </main>
  );
}

interface ChangeProps {
  client: PoolsClient;
  onChanged: () => Promise<void>;
  onError: (error: CreditsError) => void;
}

function UsageBar({ member }: { member: PoolMember }) {
  const share = member.limit === undefined || member.limit === 0n ? 0 : Math.min(1, Number(member.used) / Number(member.limit));
  return (
    <div className="usage" data-testid="usage">
      <div
        className={`usage-bar${share >= 0.9 ? " usage-bar-high" : ""}`}
        role="meter"
        aria-valuemin={0}
        aria-valuemax={member.limit === undefined ? undefined : Number(member.limit)}
        aria-valuenow={Number(member.used)}
        aria-label={`${member.memberAccountId} used`}
      >
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
      <span className="usage-text" data-testid="usage-text">
        {credits(member.used)}
        {member.limit === undefined ? "" : ` of ${credits(member.limit)}`}
        {member.held > 0n ? ` (${credits(member.held)} held)` : ""}
      </span>
    </div>
  );
}

function MemberRow({ member, client, onChanged, onError }: { member: PoolMember } & ChangeProps) {
  const [editing, setEditing] = useState(false);
  const [limit, setLimit] = useState(member.limit?.toString() ?? "");
  const [period, setPeriod] = useState<PoolPeriodName>(member.period);
  const [role, setRole] = useState<PoolRoleName>(member.role);
  const [key, setKey] = useState(newKey);

  async function change(work: () => Promise<unknown>) {
    try {
      await work();
      setEditing(false);
      setKey(newKey());
      await onChanged();
    } catch (caught) {
      onError(CreditsError.from(caught));
    }
  }

  const terms = () => ({
    poolAccountId: member.poolAccountId,
    memberAccountId: member.memberAccountId,
    ...(limit.trim() === "" ? {} : { limit: BigInt(limit.trim()) }),
    period,
    role,
    idempotencyKey: key,
  });
  return (
    <tr data-member={member.memberAccountId}>
      <td className="mono">{member.memberAccountId}</td>
      <td>{editing ? <RoleSelect value={role} onChange={setRole} /> : member.role}</td>
      <td data-testid="limit">
        {editing ? (
          <LimitInputs limit={limit} period={period} onLimit={setLimit} onPeriod={setPeriod} />
        ) : member.limit === undefined ? (
          "no limit"
        ) : (
          `${credits(member.limit)} ${PERIOD_LABELS[member.period]}`
        )}
      </td>
      <td>
        <UsageBar member={member} />
      </td>
      <td>
        <span className="row-actions">
          {editing ? (
            <button type="button" data-testid="save" onClick={() => void change(() => updatePoolMember(client, terms()))}>
              Save
            </button>
          ) : (
            <button type="button" className="link-button" data-testid="edit" onClick={() => setEditing(true)}>
              Change
            </button>
          )}
          <button
            type="button"
            className="link-button"
            data-testid="remove"
            onClick={() => void change(() => removePoolMember(client, member.poolAccountId, member.memberAccountId, key))}
          >
            Remove
          </button>
        </span>
      </td>
    </tr>
  );
}

function RoleSelect({ value, onChange }: { value: PoolRoleName; onChange: (role: PoolRoleName) => void }) {
  return (
    <select value={value} onChange={(event) => onChange(event.target.value as PoolRoleName)} data-testid="role" aria-label="Role">
      <option value="member">member</option>
      <option value="admin">admin</option>
    </select>
  );
}

function LimitInputs(props: { limit: string; period: PoolPeriodName; onLimit: (limit: string) => void; onPeriod: (period: PoolPeriodName) => void }) {
  return (
    <span className="limit-inputs">
      <input inputMode="numeric" placeholder="no limit" value={props.limit} onChange={(event) => props.onLimit(event.target.value)} data-testid="limit-input" aria-label="Limit" />
      <select value={props.period} onChange={(event) => props.onPeriod(event.target.value as PoolPeriodName)} data-testid="period" aria-label="Period">
        {(Object.keys(PERIOD_LABELS) as PoolPeriodName[]).map((name) => (
          <option key={name} value={name}>
            {PERIOD_LABELS[name]}
          </option>
        ))}
      </select>
    </span>
  );
}

function AddMemberForm({ poolAccountId, client, onChanged, onError }: { poolAccountId: string } & ChangeProps) {
  const [member, setMember] = useState("");
  const [limit, setLimit] = useState("");
  const [period, setPeriod] = useState<PoolPeriodName>("month");
  const [role, setRole] = useState<PoolRoleName>("member");
  const [key, setKey] = useState(newKey);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (limit.trim() !== "" && !/^\d+$/.test(limit.trim())) {
      onError(new CreditsError(Code.InvalidArgument, "INVALID_REQUEST", { field: "limit" }, [], "a whole number of credits, or empty for no limit"));
      return;
    }
    try {
      await addPoolMember(client, {
        poolAccountId,
        memberAccountId: member.trim(),
        ...(limit.trim() === "" ? {} : { limit: BigInt(limit.trim()) }),
        period,
        role,
        idempotencyKey: key,
      });
      setMember("");
      setLimit("");
      setKey(newKey());
      await onChanged();
    } catch (caught) {
      onError(CreditsError.from(caught));
    }
  }

  return (
    <form className="card add-member" onSubmit={(event) => void add(event)} data-testid="add-member">
      <h2>Add a member</h2>
      <label>
        Account <input value={member} placeholder="user:42" onChange={(event) => setMember(event.target.value)} data-testid="new-member" />
      </label>
      <label>
        Limit <LimitInputs limit={limit} period={period} onLimit={setLimit} onPeriod={setPeriod} />
      </label>
      <label>
        Role <RoleSelect value={role} onChange={setRole} />
      </label>
      <button type="submit" disabled={member.trim() === ""} data-testid="add">
        Add
      </button>
    </form>
  );
}
