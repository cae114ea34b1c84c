import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import { type Charge, chargeOf, type SettleResult } from "../../src/server";

/**
 * A real Express app on 127.0.0.1. Every request's settlement is recorded: `settled()` waits until
 * each response has closed and its charge's commit or release has returned, so specs read the
 * ledger after the middleware acted, not while it is acting.
 */
export class ExpressApp {
  private readonly outcomes: Promise<SettleResult | undefined>[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(routes: (app: Express) => void): Promise<ExpressApp> {
    const app = express();
    let self: ExpressApp | undefined;
    app.use((_req, res, next) => {
      self?.outcomes.push(
        new Promise((resolve) =>
          // setImmediate: after every `close` listener, the middleware's included, has run.
          res.once("close", () => setImmediate(() => resolve(chargeOf(res)?.settlement))),
        ),
      );
      next();
    });
    routes(app);
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    self = new ExpressApp(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  /** Waits for every request so far to be settled; returns how many were. */
  async settled(): Promise<number> {
    const outcomes = await Promise.all(this.outcomes);
    return outcomes.filter((outcome) => outcome !== undefined).length;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export type { Charge };
