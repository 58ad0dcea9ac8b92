import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatPaymentApprovals } from "../shared/format.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { bidFilePath, bidFileStore } from "../../src/node/index.js";
import { optionalAccount, requireDate, requireTokenUnits } from "../shared/args.js";
import { optionalSalt, parseOrderId } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatBidCommitted } from "./format.js";
import { accountSigner, bidsDir } from "./common.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/**
 * `auction:commit <order> --price <amount> --delivery <date> [--committer <account>] [--salt 0x…]
 * [--bids-dir <folder>]`: seals a bid of the `--from` account (the bidder, whose key derives the
 * salt unless `--salt` is given). The reveal data is saved to the bids folder before the
 * commitment is sent; `--committer` (another account, unlinked to the bidder) sends it and posts
 * the bond, so that nobody can tell who bids while bidding is open.
 */
export default function commitBid(
  args: {
    order: string;
    price: string;
    delivery: string;
    committer: string;
    salt: string;
    bidsDir: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const unitPrice = requireTokenUnits(args.price, "--price", "unit price");
    const deliveryDate = requireDate(args.delivery, "--delivery", "delivery date");
    const committerChoice = optionalAccount(args.committer, "--committer");
    const salt = optionalSalt(args.salt);
    const dir = bidsDir(hre, args.bidsDir);
    const { suite, signer } = await connectAs(
      hre,
      args.from,
      "a bidder (an accredited manufacturer)",
    );
    const { auctions } = suite;
    const committer =
      committerChoice === undefined ? signer : await accountSigner(hre, committerChoice);
    const result = await auctions.commitBid({
      orderId,
      unitPrice,
      deliveryDate,
      committer,
      store: bidFileStore(dir),
      fromBlock: suite.addressBook.startBlock,
      ...(salt === undefined ? {} : { salt }),
    });
    const info = await tokenOf(auctions, result.token);
    const file = bidFilePath(dir, result.record);
    const { allowanceReset, approval } = result;
    const json = {
      orderId,
      sequence: result.sequence,
      bond: result.bond,
      token: info,
      biddingEnds: result.biddingEnds,
      revealEnds: result.revealEnds,
      bidder: result.record.bidder,
      committer: result.record.committer,
      unitPrice: result.record.unitPrice,
      deliveryDate: result.record.deliveryDate,
      commitment: result.record.commitment,
      file,
      allowanceReset,
      approval,
      tx: result.tx,
    };
    printResult(args.json, json, () => [
      ...formatPaymentApprovals(
        { allowanceReset, approval },
        { address: auctions.address, name: "auction" },
        result.bond,
        info,
        "the bond",
      ),
      formatBidCommitted(
        {
          orderId,
          bond: result.bond,
          biddingEnds: result.biddingEnds,
          revealEnds: result.revealEnds,
          sequence: result.sequence,
          bidder: result.record.bidder,
          committer: result.record.committer,
          unitPrice: result.record.unitPrice,
          deliveryDate: result.record.deliveryDate,
          file,
        },
        info,
        result.tx,
      ),
    ]);
  }, PROCUREMENT_FLAGS);
}
