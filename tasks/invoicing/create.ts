import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import {
  daysOption,
  optionalTokenUnits,
  parseNonZeroAddress,
  requireAddressOption,
  requireDate,
} from "../shared/args.js";
import { parseMilestoneEntries, resolveMilestones } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatInvoiceProposed } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:create --payer <address> --token <address> --due <date> --ruling-days <n>
 * [--window-days <n>] [--grace-days <n>] [--arbiter <address>] [--penalty-per-day <amount>
 * --penalty-cap <amount>] (--milestones "approval:5000,delivery:7500.50:3:<spec>" |
 * approval:5000 delivery:7500.50:3:<spec> …)`: the supplier proposes an invoice; amounts are in
 * token units.
 */
export default function createInvoice(
  args: {
    payer: string;
    token: string;
    due: string;
    windowDays: string;
    graceDays: string;
    rulingDays: string;
    arbiter: string;
    penaltyPerDay: string;
    penaltyCap: string;
    milestones: string;
    milestone: string[];
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const payer = requireAddressOption(args.payer, "--payer", "payer");
    const token = requireAddressOption(args.token, "--token", "token");
    const dueDate = requireDate(args.due, "--due", "due date");
    const acceptanceWindow = daysOption(args.windowDays, "--window-days", "acceptance window", 0n);
    const gracePeriod = daysOption(args.graceDays, "--grace-days", "grace period", 0n);
    const rulingPeriod = daysOption(args.rulingDays, "--ruling-days", "ruling period");
    const arbiter =
      args.arbiter.trim() === ""
        ? undefined
        : parseNonZeroAddress(args.arbiter, "arbiter address (--arbiter)");
    const penaltyPerDay = optionalTokenUnits(
      args.penaltyPerDay,
      "--penalty-per-day",
      "penalty per day",
    );
    const penaltyCap = optionalTokenUnits(args.penaltyCap, "--penalty-cap", "penalty cap");
    const milestones = await resolveMilestones(
      parseMilestoneEntries(args.milestones, args.milestone),
    );
    const { suite } = await connectAs(hre, args.from, "a supplier (an accredited manufacturer)");
    const { invoices } = suite;
    const proposed = await invoices.proposeInvoice({
      payer,
      token,
      dueDate,
      acceptanceWindow,
      gracePeriod,
      rulingPeriod,
      milestones,
      ...(arbiter === undefined ? {} : { arbiter }),
      ...(penaltyPerDay === undefined ? {} : { penaltyPerDay }),
      ...(penaltyCap === undefined ? {} : { penaltyCap }),
    });
    const tokenInfo = await tokenOf(invoices, proposed.token);
    printResult(args.json, { ...proposed, token: tokenInfo }, () =>
      formatInvoiceProposed(
        {
          invoiceId: proposed.invoiceId,
          payer,
          total: proposed.total,
          milestones: proposed.milestoneCount,
          dueDate: proposed.dueDate,
          arbiter,
        },
        tokenInfo,
        proposed.tx,
      ),
    );
  }, INVOICING_FLAGS);
}
