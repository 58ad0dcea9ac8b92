import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { id, keccak256, toUtf8Bytes, TypedDataEncoder, ZeroHash } from "ethers";
import type { Aim } from "./provenance.js";
import { DEFAULT_ADMIN_DELAY } from "../../ignition/modules/Suite.js";
import type { GasRow } from "./table.js";

const DAY = 86_400;
const USD = 1_000_000n;
const hash = (text: string) => keccak256(toUtf8Bytes(text));
const BID_TYPES = {
  Bid: [
    { name: "orderId", type: "uint256" },
    { name: "bidder", type: "address" },
    { name: "unitPrice", type: "uint128" },
    { name: "deliveryDate", type: "uint48" },
    { name: "salt", type: "bytes32" },
  ],
};

/** The floor of post + 10 sealed bids + 2 reveals + settle: the reference. */
const FLOOR_AUCTION = 435_909n;
const AIM_AUCTION = (FLOOR_AUCTION * 13n) / 10n;
const AIM_SETTLE = 180_000n;

/**
 * Gas of posting, committing, revealing and settling, the whole auction against its aim (post +
 * 10 commits + 2 reveals + settle within 1.3 times the floor), and settle after 1, 10, 100 and
 * 1,000 bids: at most 180,000 and within 5% of each other (nothing loops over bids).
 */
export async function measureAuctions(
  ethers: HardhatEthers,
  now: number,
): Promise<{ rows: GasRow[]; aims: Aim[] }> {
  const rows: GasRow[] = [];
  const gasOf = async (pending: Promise<{ wait(): Promise<unknown> }>) =>
    ((await (await pending).wait()) as { gasUsed: bigint }).gasUsed;
  const signers = await ethers.getSigners();
  const [governance, registrar, customer, supplier, other] = signers;
  if (other === undefined) throw new Error("The gas report needs 5 accounts.");

  // Deployed from the last account: governance is never the deployer.
  const deployer = (await ethers.getSigners()).at(-1)!;
  const participants = (
    await ethers.deployContract("ParticipantRegistry", [governance!.address, DEFAULT_ADMIN_DELAY], deployer)
  ).connect(governance!);
  const parts = await ethers.deployContract("PartRegistry", [await participants.getAddress()]);
  const escrow = await ethers.deployContract(
    "InvoiceEscrow",
    [await participants.getAddress(), await parts.getAddress(), governance!.address, DEFAULT_ADMIN_DELAY],
    deployer,
  );
  const factory = await ethers.getContractFactory("ProcurementAuction");
  const deployed = await factory.deploy(await participants.getAddress(), await escrow.getAddress());
  const receipt = await deployed.deploymentTransaction()!.wait();
  rows.push({ section: "auctions", operation: "deploy ProcurementAuction", gas: receipt!.gasUsed });
  const auction = deployed;
  const auctionAddress = await auction.getAddress();
  await escrow.connect(governance!).grantRole(await escrow.ORIGINATOR_ROLE(), auctionAddress);

  await participants.grantRole(await participants.REGISTRAR_ROLE(), registrar!.address);
  const until = now + 730 * DAY;
  await participants.connect(registrar!).accredit(customer!.address, 1 << 2, until, hash("e"));
  await participants.connect(registrar!).accredit(supplier!.address, 1 << 1, until, hash("e"));
  await participants.connect(registrar!).accredit(other!.address, 1 << 1, until, hash("e"));

  const usdc = await ethers.deployContract("StablecoinMock", ["USD Coin", "USDC"]);
  const usdcAddress = await usdc.getAddress();
  await usdc.mint(customer!.address, 10_000_000n * USD);
  await usdc.connect(customer!).approve(auctionAddress, 10_000_000n * USD);
  // Committers: any addresses; each posts a bond.
  const committers = signers.slice(5, 15);
  for (const c of [supplier!, other!, ...committers]) {
    await usdc.mint(c.address, 100_000n * USD);
    await usdc.connect(c).approve(auctionAddress, 100_000n * USD);
  }
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: "ProcurementAuction", version: "1", chainId, verifyingContract: auctionAddress };
  const commitment = (
    orderId: bigint,
    bidder: string,
    price: bigint,
    deliveryDate: number,
    salt: string,
  ) =>
    TypedDataEncoder.hash(domain, BID_TYPES, { orderId, bidder, unitPrice: price, deliveryDate, salt });

  let orderId = 0n;
  /**
   * An order cancelled despite a throwaway commitment (the customer's cancel cannot be blocked),
   * and its settlement after revealing, which forfeits the unrevealed bond to the customer.
   */
  const cancelledOrder = async (): Promise<void> => {
    const start = (await ethers.provider.getBlock("latest"))!.timestamp;
    const cancelTerms = {
      specHash: hash("bracket"),
      quantity: 10,
      requiredScheme: ZeroHash,
      maxUnitPrice: 1_000n * USD,
      token: usdcAddress,
      biddingEnds: start + DAY,
      revealEnds: start + 2 * DAY,
      deliveryBy: start + 30 * DAY,
      bond: 500n * USD,
      secondPrice: false,
      arbiter: "0x0000000000000000000000000000000000000000",
      acceptanceWindow: 3 * DAY,
      gracePeriod: 7 * DAY,
      rulingPeriod: 14 * DAY,
    };
    const order = { customer: customer!.address, terms: cancelTerms };
    await auction.connect(customer!).postOrder(cancelTerms);
    orderId += 1n;
    await auction.connect(committers[0]!).commit(orderId, order, id(`throwaway-${orderId}`));
    const cancel = await gasOf(auction.connect(customer!).cancel(orderId, order));
    await ethers.provider.send("evm_increaseTime", [2 * DAY]);
    const settle = await gasOf(auction.settle(orderId, order));
    rows.push({ section: "auctions", operation: "cancel (despite a commitment)", gas: cancel });
    rows.push({
      section: "auctions",
      operation: "settle a cancelled order (forfeits unrevealed bonds)",
      gas: settle,
    });
  };
  /**
   * Posts an order, commits `bids` bids (two revealed), reveals, settles; returns the gas of
   * every step (commits summed).
   */
  const auctionWith = async (bids: number, record: boolean) => {
    const start = (await ethers.provider.getBlock("latest"))!.timestamp;
    const terms = {
      specHash: hash("bracket"),
      quantity: 10,
      requiredScheme: ZeroHash,
      maxUnitPrice: 1_000n * USD,
      token: usdcAddress,
      biddingEnds: start + DAY,
      revealEnds: start + 2 * DAY,
      deliveryBy: start + 30 * DAY,
      bond: 500n * USD,
      secondPrice: true,
      arbiter: "0x0000000000000000000000000000000000000000",
      acceptanceWindow: 3 * DAY,
      gracePeriod: 7 * DAY,
      rulingPeriod: 14 * DAY,
    };
    const order = { customer: customer!.address, terms };
    const post = await gasOf(auction.connect(customer!).postOrder(terms));
    orderId += 1n;
    const saltA = id(`salt-a-${orderId}`);
    const saltB = id(`salt-b-${orderId}`);
    const commitA = await gasOf(
      auction
        .connect(supplier!)
        .commit(orderId, order, commitment(orderId, supplier!.address, 900n * USD, start + 20 * DAY, saltA)),
    );
    let commits = commitA;
    if (bids > 1) {
      commits += await gasOf(
        auction
          .connect(other!)
          .commit(orderId, order, commitment(orderId, other!.address, 950n * USD, start + 20 * DAY, saltB)),
      );
    }
    for (let i = 2; i < bids; i++) {
      const c = committers[i % committers.length]!;
      commits += await gasOf(auction.connect(c).commit(orderId, order, id(`sealed-${orderId}-${i}`)));
    }
    await ethers.provider.send("evm_increaseTime", [DAY]);
    const revealA = await gasOf(
      auction.connect(supplier!).reveal(orderId, order, 900n * USD, start + 20 * DAY, saltA),
    );
    const revealB =
      bids > 1
        ? await gasOf(auction.connect(other!).reveal(orderId, order, 950n * USD, start + 20 * DAY, saltB))
        : 0n;
    await ethers.provider.send("evm_increaseTime", [DAY]);
    const settle = await gasOf(auction.settle(orderId, order));
    if (record) {
      rows.push({ section: "auctions", operation: "postOrder (locks the budget)", gas: post });
      rows.push({ section: "auctions", operation: "commit (sealed bid + bond)", gas: commitA });
      rows.push({ section: "auctions", operation: "reveal (first valid bid)", gas: revealA });
      rows.push({ section: "auctions", operation: "reveal (outbid, bond back)", gas: revealB });
    }
    const label = record
      ? `settle after ${bids} bids (the first order: cold storage)`
      : `settle after ${bids.toLocaleString("en-US")} bid${bids === 1 ? "" : "s"}`;
    rows.push({ section: "auctions", operation: label, gas: settle });
    return { settle, whole: post + commits + revealA + revealB + settle };
  };

  const firstAuction = await auctionWith(10, true);
  await cancelledOrder();
  const tenBids = await auctionWith(10, false);
  rows.push({
    section: "auctions",
    operation: "post + 10 commits + 2 reveals + settle (the second order)",
    gas: tenBids.whole,
  });
  const settles = [
    (await auctionWith(1, false)).settle,
    tenBids.settle,
    (await auctionWith(100, false)).settle,
    (await auctionWith(1_000, false)).settle,
  ];
  const low = settles.reduce((a, b) => (a < b ? a : b));
  const high = settles.reduce((a, b) => (a > b ? a : b));
  const spread = Number(((high - low) * 10_000n) / low) / 100;
  const ratio = (Number((tenBids.whole * 1000n) / FLOOR_AUCTION) / 1000).toFixed(2);
  const aims: Aim[] = [
    {
      text:
        `post + 10 commits + 2 reveals + settle: ${tenBids.whole.toLocaleString("en-US")} gas ` +
        `(the first order: ${firstAuction.whole.toLocaleString("en-US")}), ${ratio} x the floor of ` +
        `${FLOOR_AUCTION.toLocaleString("en-US")} (aim: at most ${AIM_AUCTION.toLocaleString("en-US")}, 1.3 x)`,
      met: tenBids.whole <= AIM_AUCTION,
    },
    {
      text:
        `settle after 1, 10, 100 and 1,000 bids: ${settles.map((g) => g.toLocaleString("en-US")).join(", ")} ` +
        `gas, ${spread}% apart (aim: at most ${AIM_SETTLE.toLocaleString("en-US")}, within 5%)`,
      met: high <= AIM_SETTLE && (high - low) * 100n <= low * 5n,
    },
  ];
  return { rows, aims };
}
