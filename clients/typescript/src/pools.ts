import { timestampDate } from "@bufbuild/protobuf/wkt";
import { type Client, createClient, type Transport } from "@connectrpc/connect";
import { CreditsError } from "./errors";
import { type PoolMember as PoolMemberMessage, PoolPeriod, PoolRole, PoolService } from "./gen/credits/v1/pool_service_pb";

/** The generated client of `credits.v1.PoolService`. An end-user token manages only a pool its account is an admin of. */
export type PoolsClient = Client<typeof PoolService>;

/** A client over `transport` (the same transport as {@link createCreditsClient}'s). */
export function createPoolsClient(transport: Transport): PoolsClient {
  return createClient(PoolService, transport);
}

/** The period a member's limit applies to (UTC; weeks from Monday); "none" is a lifetime cap. */
export type PoolPeriodName = "none" | "day" | "week" | "month";

/** A member's role: admins also manage the pool. */
export type PoolRoleName = "member" | "admin";

const PERIODS: Record<PoolPeriodName, PoolPeriod> = {
  none: PoolPeriod.NONE,
  day: PoolPeriod.DAY,
  week: PoolPeriod.WEEK,
  month: PoolPeriod.MONTH,
};

const ROLES: Record<PoolRoleName, PoolRole> = { member: PoolRole.MEMBER, admin: PoolRole.ADMIN };

/** A pool member with its usage of the current period. */
export interface PoolMember {
  poolAccountId: string;
  memberAccountId: string;
  /** Credits per period; undefined: no limit. */
  limit: bigint | undefined;
  period: PoolPeriodName;
  role: PoolRoleName;
  /** Held and committed this period. */
  used: bigint;
  held: bigint;
  committed: bigint;
  /** The current period's start (the Unix epoch for "none"). */
  periodStart: Date;
  /** Set once removed. */
  removedAt: Date | undefined;
}

/** A member's terms, for {@link addPoolMember} and {@link updatePoolMember}. */
export interface PoolMemberTerms {
  poolAccountId: string;
  memberAccountId: string;
  /** Credits per period; undefined: no limit. */
  limit?: bigint;
  period: PoolPeriodName;
  role: PoolRoleName;
  /** A retry with the same key returns the first answer; a new key per intended change. */
  idempotencyKey: string;
}

function toMember(member: PoolMemberMessage | undefined): PoolMember {
  if (!member) {
    throw new Error("the server answered without a member");
  }
  const period = (Object.keys(PERIODS) as PoolPeriodName[]).find((name) => PERIODS[name] === member.period) ?? "none";
  return {
    poolAccountId: member.poolAccountId,
    memberAccountId: member.memberAccountId,
    limit: member.limit,
    period,
    role: member.role === PoolRole.ADMIN ? "admin" : "member",
    used: member.used,
    held: member.held,
    committed: member.committed,
    periodStart: member.periodStartTime ? timestampDate(member.periodStartTime) : new Date(0),
    removedAt: member.removeTime ? timestampDate(member.removeTime) : undefined,
  };
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw CreditsError.from(error);
  }
}

/** Adds a member (or a removed one again); fails with `POOL_MEMBER_EXISTS` for an active one. */
export async function addPoolMember(client: PoolsClient, terms: PoolMemberTerms, signal?: AbortSignal): Promise<PoolMember> {
  const response = await call(() => client.addPoolMember({ ...terms, period: PERIODS[terms.period], role: ROLES[terms.role] }, { signal }));
  return toMember(response.member);
}

/** Sets an active member's terms; usage so far stays. Fails with `NOT_A_POOL_MEMBER` otherwise. */
export async function updatePoolMember(client: PoolsClient, terms: PoolMemberTerms, signal?: AbortSignal): Promise<PoolMember> {
  const response = await call(() => client.updatePoolMember({ ...terms, period: PERIODS[terms.period], role: ROLES[terms.role] }, { signal }));
  return toMember(response.member);
}

/** Removes an active member; its open holds still end normally. */
export async function removePoolMember(
  client: PoolsClient,
  poolAccountId: string,
  memberAccountId: string,
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<PoolMember> {
  const response = await call(() => client.removePoolMember({ poolAccountId, memberAccountId, idempotencyKey }, { signal }));
  return toMember(response.member);
}

/** Every active member of a pool (removed ones too with `includeRemoved`), reading every page. */
export async function listPoolMembers(client: PoolsClient, poolAccountId: string, includeRemoved = false, signal?: AbortSignal): Promise<PoolMember[]> {
  const members: PoolMember[] = [];
  let pageToken = "";
  do {
    const page = await call(() => client.listPoolMembers({ poolAccountId, includeRemoved, pageToken, pageSize: 500 }, { signal }));
    members.push(...page.members.map(toMember));
    pageToken = page.nextPageToken;
  } while (pageToken !== "");
  return members;
}

/** Every member of a pool, removed ones too, with what each holds and committed this period (GetPoolUsage), reading every page. */
export async function getPoolUsage(client: PoolsClient, poolAccountId: string, signal?: AbortSignal): Promise<PoolMember[]> {
  const members: PoolMember[] = [];
  let pageToken = "";
  do {
    const page = await call(() => client.getPoolUsage({ poolAccountId, pageToken, pageSize: 500 }, { signal }));
    members.push(...page.members.map(toMember));
    pageToken = page.nextPageToken;
  } while (pageToken !== "");
  return members;
}
