import { expect } from "chai";
import { Wallet } from "ethers";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  formatPartId,
  hashDocument,
  type Invoice,
  InputErrorCode,
  InvoicesClient,
  partIdOf,
  type TokenInfo,
} from "../../../src/index.js";
import {
  parseDeliveryParts,
  parseInvoiceId,
  parseMilestoneEntries,
  parseMilestoneIndex,
  requireDisputeReason,
  resolveMilestones,
} from "../../../tasks/invoicing/args.js";
import {
  daysOption,
  optionalTokenUnits,
  requireAddressOption,
  requireTokenUnits,
} from "../../../tasks/shared/args.js";
import {
  formatDelivered,
  formatInvoiceWithdrawn,
  formatInvoiceFunded,
  formatPartApproved,
  formatInvoice,
  formatReceivableAssigned,
  formatRuled,
  invoiceToJson,
} from "../../../tasks/invoicing/format.js";
import { formatMoney, formatPaymentApprovals } from "../../../tasks/shared/format.js";
import { inputError } from "../shared/helpers.js";

const MAKER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const PAYER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
/**
 * An invoices client that sends nothing: the limits on milestones and deliveries live in the SDK,
 * which refuses before it sends; the tasks only convert the strings they pass it.
 */
const SDK = new InvoicesClient(MAKER, Wallet.createRandom());
/** Proposes an invoice with the milestones typed on a command line, to the SDK's checks. */
async function propose(compact: string) {
  const milestones = await resolveMilestones(parseMilestoneEntries(compact, []));
  return SDK.proposeInvoice({
    payer: PAYER,
    token: MAKER,
    dueDate: new Date("2100-01-01T00:00:00Z"),
    acceptanceWindow: 0,
    gracePeriod: 0,
    rulingPeriod: 86_400,
    milestones,
  });
}
const SPEC = `0x${"ab".repeat(32)}`;
const TOKEN: TokenInfo = {
  address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  name: "Test USD",
  symbol: "TUSD",
  decimals: 6,
};
const TX = { hash: `0x${"12".repeat(32)}`, blockNumber: 7, gasUsed: 90_000n };
const TX_TEXT = `(tx ${TX.hash}, block 7, gas 90000).`;

/** A funded invoice with a held delivery, as the SDK reports it. */
const INVOICE: Invoice = {
  id: 4n,
  state: "funded",
  supplier: MAKER,
  payer: PAYER,
  token: TOKEN.address,
  arbiter: undefined,
  dueDate: 1_830_297_600n, // 2028-01-01T00:00:00Z
  acceptanceWindow: 172_800n,
  gracePeriod: 0n,
  rulingPeriod: 3_600n,
  penaltyPerDay: 0n,
  penaltyCap: 0n,
  receivableHolder: MAKER,
  receivableAssigned: true,
  fundedAt: 1_830_000_000n,
  openMilestones: 1,
  milestones: [
    {
      index: 0,
      kind: "delivery",
      state: "delivered",
      amount: 7_500_500_000n,
      quantity: 2n,
      spec: SPEC as `0x${string}`,
      deadline: 1_830_470_400n, // 2028-01-03T00:00:00Z
      penalty: 500_000n,
      disputedFrom: undefined,
    },
  ],
  funds: { total: 7_500_500_000n, released: 0n, refunded: 0n, held: 7_500_500_000n },
};

describe("task arguments and text of the invoice commands", function () {
  describe("parseMilestoneEntries", function () {
    it("reads the compact form and the one-argument-each form alike", function () {
      const expected = [
        { kind: "approval", amount: "5000" },
        { kind: "delivery", amount: "7500.50", quantity: 3n, spec: "C:/specs/blade.pdf" },
      ];
      expect(
        parseMilestoneEntries("approval:5000, Delivery:7500.50:3:C:/specs/blade.pdf", []),
      ).to.deep.equal(expected);
      expect(
        parseMilestoneEntries("", ["approval:5000", "delivery:7500.50:3:C:/specs/blade.pdf"]),
      ).to.deep.equal(expected);
    });

    const refusals: [string, string, string[], InputErrorCode, string][] = [
      ["no milestones", "", [], InputErrorCode.InvalidList, "The milestones are missing"],
      ["both forms", "approval:1", ["approval:2"], InputErrorCode.InvalidList, "one way only"],
      [
        "an unknown kind",
        "bonus:5",
        [],
        InputErrorCode.InvalidKind,
        '"bonus" is not a milestone kind',
      ],
      ["a bad amount", "approval:5.5.5", [], InputErrorCode.InvalidAmount, 'milestone 0 "5.5.5"'],
      [
        "an approval with more",
        "approval:5:2",
        [],
        InputErrorCode.InvalidList,
        "takes only an amount",
      ],
      [
        "a delivery without a spec",
        "delivery:5:2",
        [],
        InputErrorCode.InvalidList,
        "is not delivery:",
      ],
    ];
    const sdkRefusals: [string, string, InputErrorCode, string][] = [
      [
        "a zero amount",
        "approval:0.0",
        InputErrorCode.InvalidAmount,
        "The amount of milestone 0 must be above zero.",
      ],
      [
        "a delivery of 101 parts",
        `delivery:5:101:${SPEC}`,
        InputErrorCode.InvalidAmount,
        "1 to 100",
      ],
      [
        "nine milestones",
        Array.from({ length: 9 }, () => "approval:1").join(","),
        InputErrorCode.InvalidList,
        "at most 8 milestones; got 9",
      ],
    ];
    for (const [what, compact, code, fragment] of sdkRefusals) {
      it(`passes ${what} on, and the SDK refuses it (${code})`, async function () {
        const error = await inputError(() => propose(compact));
        expect(error.code).to.equal(code);
        expect(error.message).to.include(fragment);
      });
    }
    for (const [what, compact, repeated, code, fragment] of refusals) {
      it(`refuses ${what} (${code})`, async function () {
        const error = await inputError(() => parseMilestoneEntries(compact, repeated));
        expect(error.code).to.equal(code);
        expect(error.message).to.include(fragment);
      });
    }

    it("resolves a delivery's specification from its file or its hash", async function () {
      const dir = await mkdtemp(path.join(os.tmpdir(), "invoice-args-"));
      try {
        const file = path.join(dir, "spec.txt");
        await writeFile(file, "blade rev C\n");
        const resolved = await resolveMilestones(
          parseMilestoneEntries(`delivery:1:1:${file},delivery:2:2:${SPEC}`, []),
        );
        expect(resolved.map((m) => (m.kind === "delivery" ? m.spec : ""))).to.deep.equal([
          hashDocument("blade rev C\n"),
          SPEC,
        ]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe("ids, amounts, days, parts and reasons", function () {
    it("reads invoice ids, milestone indexes and token amounts", async function () {
      expect([parseInvoiceId(" 12 "), parseMilestoneIndex("7")]).to.deep.equal([12n, 7]);
      expect((await inputError(() => parseInvoiceId("0"))).code).to.equal(InputErrorCode.InvalidId);
      expect((await inputError(() => parseMilestoneIndex("8"))).code).to.equal(
        InputErrorCode.InvalidId,
      );
      expect(requireTokenUnits(" 12500.50 ", "--to-payee", "ruling")).to.equal("12500.50");
      // Zero is a well-formed amount: where it is refused (a price, a bond, a deposit) is the
      // SDK's rule, as the SDK's tests show.
      expect(requireTokenUnits("0", "--to-payee", "ruling")).to.equal("0");
      expect(optionalTokenUnits("", "--penalty-cap", "penalty cap")).to.equal(undefined);
      expect((await inputError(() => requireTokenUnits("", "--x", "amount"))).message).to.include(
        "The amount is missing: pass --x",
      );
      expect(
        (await inputError(() => requireTokenUnits("1e6", "--x", "amount"))).message,
      ).to.include('"1e6" is not an amount in token units');
    });

    it("reads days as seconds, with a default when the option is optional", async function () {
      expect(daysOption("3", "--window-days", "acceptance window")).to.equal(259_200n);
      expect(daysOption("", "--grace-days", "grace period", 0n)).to.equal(0n);
      expect(
        (await inputError(() => daysOption("", "--ruling-days", "ruling period"))).message,
      ).to.include("The ruling period is missing: pass --ruling-days <days>.");
      expect(
        (await inputError(() => daysOption("1.5", "--ruling-days", "ruling period"))).code,
      ).to.equal(InputErrorCode.InvalidTime);
    });

    it("reads the parts of a delivery, each once", async function () {
      const id = partIdOf(MAKER, "SN-1");
      expect(parseDeliveryParts(`${MAKER}:SN-1, 5`)).to.deep.equal([id, 5n]);
      const twice = parseDeliveryParts(`${MAKER}:SN-1,${formatPartId(id)}`);
      expect(
        (await inputError(() => SDK.deliver({ invoiceId: 1n, index: 0, partIds: twice }))).message,
      ).to.include("is given twice");
      expect((await inputError(() => parseDeliveryParts(""))).message).to.include(
        "The parts are missing",
      );
    });

    it("requires a reason for a rejection, and an address for --payer", async function () {
      expect(
        await requireDisputeReason({ reason: "bent", reasonFile: "", reasonHash: "" }),
      ).to.equal(hashDocument("bent"));
      expect(
        (
          await inputError(() =>
            requireDisputeReason({ reason: "", reasonFile: "", reasonHash: "" }),
          )
        ).message,
      ).to.include("the arbiter rules on it");
      expect(
        (await inputError(() => requireAddressOption("", "--payer", "payer"))).message,
      ).to.include("The payer is missing: pass --payer <address>.");
    });
  });

  describe("text", function () {
    it("writes amounts in token units with the symbol", function () {
      expect(formatMoney(7_500_500_000n, TOKEN)).to.equal("7500.50 TUSD");
      expect(formatMoney(1n, TOKEN)).to.equal("0.000001 TUSD");
      expect(formatMoney(5n, { ...TOKEN, symbol: "", decimals: 0 })).to.equal(`5 ${TOKEN.address}`);
    });

    it("says which part a delivery approved", function () {
      expect(formatPartApproved(PAYER, 5n, TX)).to.equal(
        `Approved the escrow ${PAYER} to move part 0x${"0".repeat(63)}5 on the parts registry ` +
          `(this part only; the approval lapses when it moves) ${TX_TEXT}`,
      );
    });

    it("says what a payment approved first, and when a short allowance was set to zero before that", function () {
      const escrow = { address: PAYER, name: "escrow" };
      const reset = { ...TX, hash: `0x${"34".repeat(32)}` };
      expect(
        formatPaymentApprovals(
          { allowanceReset: reset, approval: TX },
          escrow,
          7_500_500_000n,
          TOKEN,
        ),
      ).to.deep.equal([
        `Set the allowance of ${PAYER} to zero first (the token may refuse to change one ` +
          `non-zero allowance to another) (tx ${reset.hash}, block 7, gas 90000).`,
        `Approved the escrow ${PAYER} to take exactly 7500.50 TUSD ${TX_TEXT}`,
      ]);
      expect(
        formatPaymentApprovals(
          { approval: TX },
          { ...escrow, name: "auction" },
          1n,
          TOKEN,
          "the bond",
        ),
      ).to.deep.equal([
        `Approved the auction ${PAYER} to take exactly 0.000001 TUSD for the bond ${TX_TEXT}`,
      ]);
      expect(
        formatPaymentApprovals(
          { allowanceReset: undefined, approval: undefined },
          escrow,
          1n,
          TOKEN,
        ),
      ).to.deep.equal([]);
    });

    it("says what a delivery and a ruling did", function () {
      const delivered = {
        invoiceId: 4n,
        payer: PAYER,
        amount: 7_500_500_000n,
        penalty: 500_000n,
        heldUntil: 1_830_470_400n, // 2028-01-03T00:00:00Z
        release: undefined,
      };
      expect(formatDelivered(delivered, 0, [1n, 2n], TOKEN, TX)).to.equal(
        `Delivered 2 parts against milestone 0 of invoice 4 to the payer ${PAYER}; 7500.00 TUSD, ` +
          "less a lateness penalty of 0.50 TUSD is held until 2028-01-03T00:00:00Z for the payer " +
          `to accept or reject ${TX_TEXT}`,
      );
      const release = { index: 0, payee: MAKER, toPayee: 7_000_000_000n, toPayer: 500_500_000n };
      expect(formatRuled({ invoiceId: 4n, payer: PAYER, release }, TOKEN, TX)).to.equal(
        `Ruled on milestone 0 of invoice 4: 7000.00 TUSD to ${MAKER} and 500.50 TUSD back to the ` +
          `payer ${PAYER} ${TX_TEXT}`,
      );
    });

    it("says what a withdrawal sent, naming its invoice", function () {
      expect(formatInvoiceWithdrawn(4n, 2_000_000n, PAYER, TOKEN, TX)).to.equal(
        `Withdrew 2.00 TUSD credited to you by invoice 4, to ${PAYER} ${TX_TEXT}`,
      );
    });

    it("says who holds a receivable, and who is paid while none is assigned", function () {
      expect(formatReceivableAssigned(4n, PAYER, TX)).to.equal(
        `Assigned the receivable of invoice 4 to ${PAYER}, who is paid from now on ${TX_TEXT}`,
      );
      expect(
        formatInvoiceFunded(
          { invoiceId: 4n, amount: 7_500_500_000n, supplier: MAKER },
          TOKEN,
          false,
          TX,
        ),
      ).to.equal(
        `Funded invoice 4: 7500.50 TUSD locked in escrow; payments go to the supplier ${MAKER} ` +
          `until it assigns the receivable ${TX_TEXT}`,
      );
      const line = (invoice: Invoice) => formatInvoice(invoice, TOKEN, [], []).split("\n")[3];
      expect(line({ ...INVOICE, receivableAssigned: false })).to.equal(
        `Receivable    not assigned: the supplier ${MAKER} is paid until it assigns it ` +
          "(invoice:assign 4)",
      );
      expect(line({ ...INVOICE, state: "settled", receivableAssigned: false })).to.equal(
        `Receivable    never assigned: the supplier ${MAKER} was paid`,
      );
      expect(
        line({
          ...INVOICE,
          state: "proposed",
          receivableHolder: undefined,
          receivableAssigned: false,
        }),
      ).to.equal("Receivable    not assigned (the supplier assigns it once the invoice is funded)");
      expect(
        invoiceToJson({ ...INVOICE, receivableAssigned: false }, TOKEN, [], []),
      ).to.deep.include({ receivableHolder: MAKER, receivableAssigned: false });
    });

    it("says a payer that funded on or after the due date is charged no lateness", function () {
      const late: Invoice = {
        ...INVOICE,
        penaltyPerDay: 1_000_000n,
        penaltyCap: 5_000_000n,
        fundedAt: INVOICE.dueDate,
      };
      const line = formatInvoice(late, TOKEN, [], []).split("\n")[9];
      expect(line).to.equal(
        "Late penalty  1.00 TUSD per day late, at most 5.00 TUSD per delivery (not charged: " +
          "funded on or after the due date)",
      );
      expect(
        formatInvoice({ ...late, fundedAt: INVOICE.dueDate - 1n }, TOKEN, [], []).split("\n")[9],
      ).to.equal("Late penalty  1.00 TUSD per day late, at most 5.00 TUSD per delivery");
    });

    it("shows an invoice and where its tokens are, as text and JSON", function () {
      const credits = [{ account: PAYER, amount: 2_000_000n }];
      const deferred = {
        kind: "deferred" as const,
        account: PAYER,
        amount: 2_000_000n,
        blockNumber: 9,
        transactionHash: TX.hash,
      };
      expect(formatInvoice(INVOICE, TOKEN, [deferred], credits).split("\n")).to.deep.equal([
        "Invoice       4 (funded)",
        `Supplier      ${MAKER}`,
        `Payer         ${PAYER}`,
        `Receivable    held by ${MAKER}, who is paid`,
        `Token         TUSD ${TOKEN.address} (6 decimals)`,
        "Total         7500.50 TUSD in 1 milestone",
        "Due           2028-01-01T00:00:00Z; deliveries taken until 2028-01-01T00:00:00Z",
        "Acceptance    2 days to accept or reject a delivery",
        "Arbiter       none; a dispute lapses after 1 hour without a ruling",
        "Late penalty  none",
        "",
        "Milestones",
        `  #0  7500.50 TUSD  delivery of 2 parts of ${SPEC}  delivered, held until ` +
          "2028-01-03T00:00:00Z, lateness penalty 0.50 TUSD",
        "",
        "Where the 7500.50 TUSD are",
        "  Held in escrow    7500.50 TUSD",
        "  Released          0.00 TUSD",
        "  Refunded          0.00 TUSD",
        `  Deferred          2.00 TUSD to ${PAYER} (part of the above: refused by the token, ` +
          "credited instead)",
        `  Credited, unsent  2.00 TUSD to ${PAYER} (withdraw with invoice:withdraw 4)`,
      ]);
      expect(invoiceToJson(INVOICE, TOKEN, [deferred], credits)).to.deep.include({
        id: "4",
        receivableHolder: MAKER,
        receivableAssigned: true,
        arbiter: null,
        dueDate: "2028-01-01T00:00:00Z",
        fundedAt: "2027-12-28T13:20:00Z",
        milestones: [
          {
            index: 0,
            kind: "delivery",
            state: "delivered",
            amount: "7500500000",
            quantity: "2",
            spec: SPEC,
            deadline: "2028-01-03T00:00:00Z",
            penalty: "500000",
            disputedFrom: null,
          },
        ],
        credited: [{ account: PAYER, amount: "2000000" }],
        payments: [
          {
            kind: "deferred",
            account: PAYER,
            amount: "2000000",
            blockNumber: 9,
            transactionHash: TX.hash,
          },
        ],
      });
    });
  });
});
