import {
  type AuctionsClient,
  hashJson,
  type InvoicesClient,
  type ParticipantsClient,
  type PartsClient,
  type TxResult,
} from "../../src/index.js";
import type { Cast } from "./cast.js";
import { SCHEMES } from "./participants.js";
import type { ProvenanceResult } from "./provenance.js";
import type { Story } from "./story.js";

const DAY = 86_400;

/**
 * Chapter 4: a sealed-bid procurement auction. SkyLine posts a funded order for three brackets;
 * three certified-or-not suppliers bid in sealed commitments; one never reveals and loses its
 * bond, one is outbid; settlement opens the winner's invoice in escrow, and delivery versus
 * payment runs from the award, after which the winner's bond comes back. Then a second order
 * shows that a sealed bid cannot block the customer's cancel, and costs its bond if never revealed.
 */
export async function auctionChapter(
  story: Story,
  clients: {
    auctions: AuctionsClient;
    invoices: InvoicesClient;
    parts: PartsClient;
    participants: ParticipantsClient;
  },
  cast: Cast,
  provenance: ProvenanceResult,
  usdc: string,
  clock: { now: () => Promise<bigint>; advance: (seconds: number) => Promise<void> },
): Promise<void> {
  story.chapter("Procurement auction: sealed bids, fair ordering, award into escrow");
  const { auctions, invoices, parts, participants } = clients;
  const customer = auctions.connect(cast.customer.signer);

  for (const supplier of [cast.apex, cast.coastal]) {
    await story.step(`${supplier.name} asks the auditor to certify it under ${SCHEMES.qms}`, () =>
      participants
        .connect(supplier.signer)
        .requestCertificate({ scheme: SCHEMES.qms, auditor: cast.auditor.address }),
    );
    await story.step(
      `The auditor certifies ${supplier.name} under ${SCHEMES.qms}`,
      async () =>
        (
          await participants.connect(cast.auditor.signer).grantCertificate({
            participant: supplier.address,
            scheme: SCHEMES.qms,
            evidenceHash: hashJson({ audit: `${supplier.name} 2026`, scope: "machining" }),
          })
        ).tx,
    );
  }

  const now = await clock.now();
  let orderId = 0n;
  await story.step(
    "SkyLine posts an order: 3 brackets, AS9100D, at most 4,500 USDC each",
    async () => {
      const posted = await customer.postOrder({
        spec: provenance.spec,
        quantity: 3,
        requiredScheme: SCHEMES.qms,
        maxUnitPrice: "4500",
        token: usdc,
        biddingEnds: now + BigInt(2 * DAY),
        revealEnds: now + BigInt(4 * DAY),
        deliveryBy: now + BigInt(30 * DAY),
        bond: "1000",
        secondPrice: true,
        arbiter: cast.arbiter.address,
        acceptanceWindow: 0,
        gracePeriod: 7 * DAY,
        rulingPeriod: 14 * DAY,
      });
      orderId = posted.orderId;
      return withApproval(posted.tx, posted.approval);
    },
  );
  story.note("Its budget, 13,500 USDC, is locked now: a posted order is a funded order.");

  const deliveryDate = now + BigInt(20 * DAY);
  const bids = [
    { actor: cast.manufacturer, price: "3900" },
    { actor: cast.apex, price: "4200" },
    { actor: cast.coastal, price: "4100" },
  ] as const;
  const sequences: number[] = [];
  for (const bid of bids) {
    await story.step(`A sealed bid arrives, with a 1,000 USDC bond`, async () => {
      const sealed = await auctions.connect(bid.actor.signer).commitBid({
        orderId,
        unitPrice: bid.price,
        deliveryDate,
      });
      sequences.push(sealed.sequence);
      return withApproval(sealed.tx, sealed.approval);
    });
  }
  const sealed = await auctions.getOrder(orderId);
  story.note(`During bidding anyone sees ${sealed?.sealedBids} sealed bids: no bidder, no price.`);

  await clock.advance(2 * DAY);
  for (const [i, bid] of bids.slice(0, 2).entries()) {
    // The salt is re-derived from the bidder's key: no local file is needed to reveal.
    await story.step(`${bid.actor.name} reveals ${bid.price} USDC a bracket`, async () => {
      const revealer = auctions.connect(bid.actor.signer);
      const revealed = await revealer.reveal({
        orderId,
        sequence: sequences[i],
        unitPrice: bid.price,
        deliveryDate,
      });
      return revealed.tx;
    });
  }
  story.note(`${cast.coastal.name} never reveals.`);

  await clock.advance(2 * DAY);
  let invoiceId = 0n;
  await story.step(
    "Anyone settles: the winner's invoice opens in escrow, funded from the budget",
    async () => {
      const settled = await auctions.settle(orderId);
      if (settled.settlement.kind === "awarded") invoiceId = settled.settlement.invoiceId;
      return settled.tx;
    },
  );
  const awarded = await auctions.getOrder(orderId);
  story.note(
    `${cast.manufacturer.name} wins at the second-best price, 4,200 USDC a bracket (second-price ` +
      `order); the unused budget goes back to SkyLine; ${cast.coastal.name}'s bond is forfeited ` +
      `to SkyLine. Order ${orderId} is ${awarded?.phase}.`,
  );

  const lab = parts.connect(cast.testLab.signer);
  const brackets = provenance.brackets.slice(14, 17);
  await story.steps("The test lab attests brackets A7C-0015 to A7C-0017", [
    ...brackets.flatMap((partId) => [
      () =>
        lab.attest({ partId, kind: "test", dataHash: hashJson({ partId, t: "ok" }), passed: true }),
      () =>
        lab.attest({
          partId,
          kind: "inspection",
          dataHash: hashJson({ partId, i: "ok" }),
          passed: true,
        }),
    ]),
  ]);
  await story.step(
    "Precision Aero delivers them against the award: parts and 12,600 USDC cross",
    async () => {
      // One approval per part first, whose gas is counted with the delivery.
      const delivered = await invoices
        .connect(cast.manufacturer.signer)
        .deliver({ invoiceId, index: 0, partIds: brackets });
      return delivered.approvals.reduce(
        (tx, approval) => withApproval(tx, approval.tx),
        delivered.tx,
      );
    },
  );
  await story.step(
    "The invoice is settled, so the winner's bond comes back",
    async () => (await auctions.releaseWinnerBond(orderId)).tx,
  );

  // A sealed bid cannot hold the customer's budget hostage: the customer cancels anyway, and a
  // bid never revealed costs its bond.
  const later = await clock.now();
  let second = 0n;
  await story.step("SkyLine posts a second order, for one bracket", async () => {
    const posted = await customer.postOrder({
      spec: provenance.spec,
      quantity: 1,
      requiredScheme: SCHEMES.qms,
      maxUnitPrice: "4500",
      token: usdc,
      biddingEnds: later + BigInt(2 * DAY),
      revealEnds: later + BigInt(4 * DAY),
      deliveryBy: later + BigInt(30 * DAY),
      bond: "1000",
      arbiter: cast.arbiter.address,
      gracePeriod: 7 * DAY,
      rulingPeriod: 14 * DAY,
    });
    second = posted.orderId;
    return withApproval(posted.tx, posted.approval);
  });
  await story.step(`${cast.apex.name} seals a bid it never reveals`, async () => {
    const sealed = await auctions.connect(cast.apex.signer).commitBid({
      orderId: second,
      unitPrice: "4400",
      deliveryDate: later + BigInt(20 * DAY),
    });
    return withApproval(sealed.tx, sealed.approval);
  });
  await story.step(
    "SkyLine cancels despite the sealed bid: its 4,500 USDC come back",
    async () => (await customer.cancel(second)).tx,
  );
  await clock.advance(4 * DAY);
  await story.step(
    "After revealing, anyone settles the cancelled order: the unrevealed bond goes to SkyLine",
    async () => (await auctions.settle(second)).tx,
  );
}

function withApproval(tx: TxResult, approval: TxResult | undefined): TxResult {
  return approval === undefined ? tx : { ...tx, gasUsed: tx.gasUsed + approval.gasUsed };
}
