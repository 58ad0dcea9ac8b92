import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import {
  CoreState,
  DAY,
  deployCircularFixture,
  docHash,
  gradedCore,
  make,
  NEW_PART_WARRANTY,
  Outcome,
  returnAsCore,
  soldPart,
  SPEC,
  USDC,
  YEAR,
} from "./fixture.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_ADDRESS = ethers.ZeroAddress;
const PRICE = 250n * USDC;
const REENTRANCY = ethers.id("ReentrancyGuardReentrantCall()").slice(0, 10);

/** The circular fixture with a graded core held by the customer, listed at {PRICE} in USDC. */
async function listedCoreFixture(connection: NetworkConnection) {
  const f = await deployCircularFixture(connection);
  const coreId = await gradedCore(f, "SN-1");
  await f.cores.connect(f.customer).list(coreId, f.usdcAddress, PRICE);
  return { ...f, coreId };
}

/** The circular fixture with a reentrant payment token minted to the remanufacturer. */
async function reentrantFixture(connection: NetworkConnection) {
  const f = await deployCircularFixture(connection);
  const token = await ethers.deployContract("ReentrantTokenMock");
  await token.mint(f.remanufacturer.address, 1_000n * 10n ** 18n);
  return { ...f, token, tokenAddress: await token.getAddress() };
}

describe("CoreRegistry: market", function () {
  describe("list and delist", function () {
    it("lists a core at a price in a token, and relists replacing the offer", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-1"));
      await expect(f.cores.connect(f.customer).list(coreId, f.usdcAddress, PRICE))
        .to.emit(f.cores, "CoreListed")
        .withArgs(coreId, f.customer.address, f.usdcAddress, PRICE);
      expect(await f.cores.listing(coreId)).to.deep.equal([f.usdcAddress, PRICE]);
      await expect(f.cores.connect(f.customer).list(coreId, f.usdcAddress, PRICE * 2n))
        .to.emit(f.cores, "CoreListed")
        .withArgs(coreId, f.customer.address, f.usdcAddress, PRICE * 2n);
      expect(await f.cores.listing(coreId)).to.deep.equal([f.usdcAddress, PRICE * 2n]);
      // Listing leaves the core with its holder, and needs no approval of it.
      expect(await f.cores.ownerOf(coreId)).to.equal(f.customer.address);
      expect(await f.cores.getApproved(coreId)).to.equal(ZERO_ADDRESS);
    });

    it("refuses anyone but the core's holder", async function () {
      const f = await loadFixture(listedCoreFixture);
      for (const caller of [f.manufacturer, f.remanufacturer, f.stranger]) {
        await expect(f.cores.connect(caller).list(f.coreId, f.usdcAddress, 1n))
          .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotCoreHolder")
          .withArgs(f.coreId, caller.address);
        await expect(f.cores.connect(caller).delist(f.coreId))
          .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotCoreHolder")
          .withArgs(f.coreId, caller.address);
      }
      expect(await f.cores.listing(f.coreId)).to.deep.equal([f.usdcAddress, PRICE]);
    });

    it("refuses a zero token or price", async function () {
      const f = await loadFixture(listedCoreFixture);
      await expect(
        f.cores.connect(f.customer).list(f.coreId, ZERO_ADDRESS, PRICE),
      ).to.be.revertedWithCustomError(f.cores, "CoreRegistryMissingInput");
      await expect(
        f.cores.connect(f.customer).list(f.coreId, f.usdcAddress, 0n),
      ).to.be.revertedWithCustomError(f.cores, "CoreRegistryMissingInput");
    });

    it("delists, and refuses to delist a core not listed", async function () {
      const f = await loadFixture(listedCoreFixture);
      await expect(f.cores.connect(f.customer).delist(f.coreId))
        .to.emit(f.cores, "CoreDelisted")
        .withArgs(f.coreId, f.customer.address);
      expect(await f.cores.listing(f.coreId)).to.deep.equal([ZERO_ADDRESS, 0n]);
      await expect(f.cores.connect(f.customer).delist(f.coreId))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotListed")
        .withArgs(f.coreId);
    });

    it("withdraws the offer on any transfer of the core", async function () {
      const f = await loadFixture(listedCoreFixture);
      await expect(
        f.cores.connect(f.customer).transferFrom(f.customer.address, f.customer2.address, f.coreId),
      ).not.to.emit(f.cores, "CoreDelisted");
      expect(await f.cores.listing(f.coreId)).to.deep.equal([ZERO_ADDRESS, 0n]);
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, PRICE);
      await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, 0))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotListed")
        .withArgs(f.coreId);
      // The new holder lists afresh.
      await f.cores.connect(f.customer2).list(f.coreId, f.usdcAddress, PRICE);
      await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, 0))
        .to.emit(f.cores, "CoreSold")
        .withArgs(f.coreId, f.customer2.address, f.remanufacturer.address, f.usdcAddress, PRICE);
    });
  });

  describe("buy", function () {
    it("moves the price to the seller and the core to the buyer in one transaction", async function () {
      const f = await loadFixture(listedCoreFixture);
      // The buyer approves exactly the price, and the seller approves nothing.
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, PRICE);
      const tx = f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, 0);
      await expect(tx)
        .to.emit(f.cores, "CoreSold")
        .withArgs(f.coreId, f.customer.address, f.remanufacturer.address, f.usdcAddress, PRICE);
      await expect(tx)
        .to.emit(f.cores, "Transfer")
        .withArgs(f.customer.address, f.remanufacturer.address, f.coreId);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdc,
        [f.remanufacturer, f.customer, f.cores],
        [-PRICE, PRICE, 0n],
      );
      expect(await f.cores.ownerOf(f.coreId)).to.equal(f.remanufacturer.address);
      expect((await f.cores.core(f.coreId)).holder).to.equal(f.remanufacturer.address);
      expect(await f.cores.listing(f.coreId)).to.deep.equal([ZERO_ADDRESS, 0n]);
      expect(await f.usdc.allowance(f.remanufacturer.address, f.coresAddress)).to.equal(0n);
      expect(await f.cores.isApprovedForAll(f.customer.address, f.coresAddress)).to.equal(false);
    });

    it("sells to an active recycler too", async function () {
      const f = await loadFixture(listedCoreFixture);
      await f.usdc.connect(f.recycler).approve(f.coresAddress, PRICE);
      await expect(
        f.cores.connect(f.recycler).buy(f.coreId, f.usdcAddress, PRICE, 0),
      ).to.changeTokenBalances(ethers, f.usdc, [f.recycler, f.customer], [-PRICE, PRICE]);
      expect(await f.cores.ownerOf(f.coreId)).to.equal(f.recycler.address);
    });

    it("sells to the OEM, the owner of the core's specification, an active manufacturer", async function () {
      const f = await loadFixture(listedCoreFixture);
      await f.usdc.mint(f.manufacturer.address, PRICE);
      await f.usdc.connect(f.manufacturer).approve(f.coresAddress, PRICE);
      await expect(
        f.cores.connect(f.manufacturer).buy(f.coreId, f.usdcAddress, PRICE, 0),
      ).to.changeTokenBalances(ethers, f.usdc, [f.manufacturer, f.customer], [-PRICE, PRICE]);
      expect(await f.cores.ownerOf(f.coreId)).to.equal(f.manufacturer.address);
    });

    it("refuses a core whose part a registrar holds, until the hold is lifted", async function () {
      const f = await loadFixture(listedCoreFixture);
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, PRICE);
      await f.parts.connect(f.registrar).quarantine(f.coreId, docHash("hold"));
      await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, 0))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryRegistrarHold")
        .withArgs(f.coreId);
      await f.parts.connect(f.registrar).release(f.coreId, docHash("release"));
      await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, 0))
        .to.emit(f.cores, "CoreSold")
        .withArgs(f.coreId, f.customer.address, f.remanufacturer.address, f.usdcAddress, PRICE);
    });

    it("refuses a buyer that is not an active remanufacturer, recycler or the OEM", async function () {
      const f = await loadFixture(listedCoreFixture);
      // The second manufacturer is an active manufacturer, but not the OEM of the core's spec.
      for (const buyer of [f.customer2, f.producer, f.inspector, f.manufacturer2, f.stranger]) {
        await f.usdc.mint(buyer.address, PRICE);
        await f.usdc.connect(buyer).approve(f.coresAddress, PRICE);
        await expect(f.cores.connect(buyer).buy(f.coreId, f.usdcAddress, PRICE, 0))
          .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotAccredited")
          .withArgs(buyer.address);
      }
      await f.participantRegistry
        .connect(f.registrar)
        .suspend(f.remanufacturer.address, ethers.ZeroHash);
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, PRICE);
      await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, 0))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotAccredited")
        .withArgs(f.remanufacturer.address);
      expect(await f.cores.ownerOf(f.coreId)).to.equal(f.customer.address);
    });

    it("refuses a token or price other than the listing's", async function () {
      const f = await loadFixture(listedCoreFixture);
      const other = await ethers.deployContract("StablecoinMock", ["Other", "OTH"]);
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, PRICE * 2n);
      for (const [token, price] of [
        [await other.getAddress(), PRICE],
        [f.usdcAddress, PRICE - 1n],
        [f.usdcAddress, PRICE + 1n],
      ] as const) {
        await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, token, price, 0))
          .to.be.revertedWithCustomError(f.cores, "CoreRegistryListingChanged")
          .withArgs(f.coreId, f.usdcAddress, PRICE);
      }
      // A relisting at a higher price is never accepted by surprise.
      await f.cores.connect(f.customer).list(f.coreId, f.usdcAddress, PRICE * 2n);
      await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, 0))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryListingChanged")
        .withArgs(f.coreId, f.usdcAddress, PRICE * 2n);
    });

    it("refuses a delisted core, and a core never listed", async function () {
      const f = await loadFixture(listedCoreFixture);
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, PRICE);
      await f.cores.connect(f.customer).delist(f.coreId);
      await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, 0))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotListed")
        .withArgs(f.coreId);
      const unlisted = await gradedCore(f, "SN-2");
      await expect(f.cores.connect(f.remanufacturer).buy(unlisted, f.usdcAddress, PRICE, 0))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotListed")
        .withArgs(unlisted);
      expect(await f.cores.ownerOf(f.coreId)).to.equal(f.customer.address);
    });

    it("refuses a core that is not held", async function () {
      const f = await loadFixture(deployCircularFixture);
      const partId = await soldPart(f, "SN-1");
      await expect(f.cores.connect(f.remanufacturer).buy(partId, f.usdcAddress, PRICE, 0))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotHeld")
        .withArgs(partId, CoreState.None);
    });

    it("refuses the seller buying its own core", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await gradedCore(f, "SN-1", { holder: f.remanufacturer });
      await f.cores.connect(f.remanufacturer).list(coreId, f.usdcAddress, PRICE);
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, PRICE);
      await expect(f.cores.connect(f.remanufacturer).buy(coreId, f.usdcAddress, PRICE, 0))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistrySelfPurchase")
        .withArgs(coreId);
    });

    it("refuses a buyer that approved less than the price, and nothing moves", async function () {
      const f = await loadFixture(listedCoreFixture);
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, PRICE - 1n);
      await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, 0))
        .to.be.revertedWithCustomError(f.usdc, "ERC20InsufficientAllowance")
        .withArgs(f.coresAddress, PRICE - 1n, PRICE);
      expect(await f.cores.ownerOf(f.coreId)).to.equal(f.customer.address);
      expect(await f.cores.listing(f.coreId)).to.deep.equal([f.usdcAddress, PRICE]);
    });

    it("requires a grade when the buyer sets a maximum grade age", async function () {
      const f = await loadFixture(deployCircularFixture);
      const coreId = await returnAsCore(f, await soldPart(f, "SN-1"));
      await f.cores.connect(f.customer).list(coreId, f.usdcAddress, PRICE);
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, PRICE);
      await expect(f.cores.connect(f.remanufacturer).buy(coreId, f.usdcAddress, PRICE, DAY))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryNotGraded")
        .withArgs(coreId);
      // Without a maximum age an ungraded core sells.
      await expect(f.cores.connect(f.remanufacturer).buy(coreId, f.usdcAddress, PRICE, 0))
        .to.emit(f.cores, "CoreSold")
        .withArgs(coreId, f.customer.address, f.remanufacturer.address, f.usdcAddress, PRICE);
    });

    it("refuses a grade older than the buyer's maximum age, to the second", async function () {
      const f = await loadFixture(listedCoreFixture);
      const gradedAt = (await f.cores.core(f.coreId)).gradedAt;
      await f.usdc.connect(f.remanufacturer).approve(f.coresAddress, PRICE);
      await time.setNextBlockTimestamp(gradedAt + BigInt(DAY) + 1n);
      await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, DAY))
        .to.be.revertedWithCustomError(f.cores, "CoreRegistryGradeTooOld")
        .withArgs(f.coreId, gradedAt, DAY);
      // A fresh grade by another inspector makes it young again; exactly maxAge old still sells.
      await f.cores
        .connect(f.testLab)
        .grade(f.coreId, Outcome.Remanufacture, 1, docHash("regrade"));
      const regradedAt = (await f.cores.core(f.coreId)).gradedAt;
      await time.setNextBlockTimestamp(regradedAt + BigInt(DAY));
      await expect(f.cores.connect(f.remanufacturer).buy(f.coreId, f.usdcAddress, PRICE, DAY))
        .to.emit(f.cores, "CoreSold")
        .withArgs(f.coreId, f.customer.address, f.remanufacturer.address, f.usdcAddress, PRICE);
    });
  });

  describe("reentrant payment token", function () {
    it("refuses a buy re-entered from the payment transfer, and nothing else moves", async function () {
      const f = await loadFixture(reentrantFixture);
      const price = 5n * 10n ** 18n;
      const coreA = await gradedCore(f, "SN-A");
      const coreB = await gradedCore(f, "SN-B");
      await f.cores.connect(f.customer).list(coreA, f.tokenAddress, price);
      await f.cores.connect(f.customer).list(coreB, f.tokenAddress, price);
      await f.token.connect(f.remanufacturer).approve(f.coresAddress, 2n * price);
      const reentry = f.cores.interface.encodeFunctionData("buy", [
        coreB,
        f.tokenAddress,
        price,
        0,
      ]);
      await f.token.arm(f.coresAddress, reentry);

      const tx = f.cores.connect(f.remanufacturer).buy(coreA, f.tokenAddress, price, 0);
      await expect(tx)
        .to.emit(f.token, "ReentryAttempted")
        .withArgs(f.coresAddress, false, REENTRANCY);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.token,
        [f.remanufacturer, f.customer, f.cores],
        [-price, price, 0n],
      );
      expect(await f.token.lastCallSucceeded()).to.equal(false);
      expect(await f.token.lastReturnData()).to.equal(REENTRANCY);
      expect(await f.cores.ownerOf(coreA)).to.equal(f.remanufacturer.address);
      expect(await f.cores.ownerOf(coreB)).to.equal(f.customer.address);
      expect(await f.cores.listing(coreB)).to.deep.equal([f.tokenAddress, price]);
      expect(await f.token.allowance(f.remanufacturer.address, f.coresAddress)).to.equal(price);
    });

    it("refuses a remanufacture re-entered from the licence fee transfer", async function () {
      const f = await loadFixture(reentrantFixture);
      const fee = 3n * 10n ** 18n;
      await f.licences
        .connect(f.manufacturer)
        .grantLicence(
          SPEC,
          f.remanufacturer.address,
          5,
          30 * DAY,
          (await time.latest()) + YEAR,
          f.tokenAddress,
          fee,
          docHash("data-package"),
        );
      const coreA = await gradedCore(f, "SN-A", { holder: f.remanufacturer });
      const coreB = await gradedCore(f, "SN-B", { holder: f.remanufacturer });
      const newA = await make(f.parts, f.remanufacturer, "RM-A");
      const newB = await make(f.parts, f.remanufacturer, "RM-B");
      await f.token.connect(f.remanufacturer).approve(f.licencesAddress, 2n * fee);
      const terms = docHash("warranty-terms");
      await f.token.arm(
        f.coresAddress,
        f.cores.interface.encodeFunctionData("remanufacture", [
          coreB,
          newB,
          NEW_PART_WARRANTY,
          terms,
        ]),
      );

      const tx = f.cores
        .connect(f.remanufacturer)
        .remanufacture(coreA, newA, NEW_PART_WARRANTY, terms);
      await expect(tx)
        .to.emit(f.token, "ReentryAttempted")
        .withArgs(f.coresAddress, false, REENTRANCY);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.token,
        [f.remanufacturer, f.manufacturer],
        [-fee, fee],
      );
      expect((await f.cores.core(coreA)).state).to.equal(CoreState.Remanufactured);
      expect((await f.cores.core(coreB)).state).to.equal(CoreState.Held);
      expect((await f.cores.linkOf(newB)).generation).to.equal(0n);
      expect((await f.licences.licence(1n)).used).to.equal(1n);
    });
  });
});
