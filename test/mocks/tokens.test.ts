import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const ZERO_ADDRESS = ethers.ZeroAddress;
const USD = (amount: bigint) => amount * 10n ** 6n;
const TOKEN = (amount: bigint) => amount * 10n ** 18n;

const STABLE_NAME = "Test USD";
const STABLE_SYMBOL = "TUSD";
const FEE_BPS = 100n; // 1%

/** The EIP-2612 `Permit` struct, as ERC20Permit hashes it. */
const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** Deploys one of each mock; `alice` holds funds of every token, `bob` and `carol` hold none. */
async function deployTokensFixture({ ethers }: NetworkConnection) {
  const [deployer, alice, bob, carol] = await ethers.getSigners();
  if (deployer === undefined || alice === undefined || bob === undefined || carol === undefined) {
    throw new Error("the fixture needs at least 4 signers");
  }
  const stable = await ethers.deployContract("StablecoinMock", [STABLE_NAME, STABLE_SYMBOL]);
  const feeToken = await ethers.deployContract("FeeOnTransferTokenMock", [FEE_BPS]);
  const blocklistToken = await ethers.deployContract("BlocklistTokenMock");
  const reentrant = await ethers.deployContract("ReentrantTokenMock");
  await stable.mint(alice.address, USD(1_000n));
  await feeToken.mint(alice.address, TOKEN(1_000n));
  await blocklistToken.mint(alice.address, USD(1_000n));
  await reentrant.mint(alice.address, TOKEN(1_000n));
  return { deployer, alice, bob, carol, stable, feeToken, blocklistToken, reentrant };
}

describe("test token mocks", function () {
  describe("ApprovalRaceTokenMock", function () {
    async function raceFixture({ ethers }: NetworkConnection) {
      const [, alice, bob] = await ethers.getSigners();
      const token = await ethers.deployContract("ApprovalRaceTokenMock");
      await token.mint(alice!.address, USD(100n));
      return { token, alice: alice!, bob: bob! };
    }

    it("has 6 decimals, and refuses a non-zero approval over a non-zero allowance", async function () {
      const { token, alice, bob } = await loadFixture(raceFixture);
      expect(await token.decimals()).to.equal(6n);
      const byAlice = token.connect(alice);
      await expect(byAlice.approve(bob.address, USD(10n)))
        .to.emit(token, "Approval")
        .withArgs(alice.address, bob.address, USD(10n));
      await expect(byAlice.approve(bob.address, USD(20n)))
        .to.be.revertedWithCustomError(token, "ApprovalRaceTokenMockNonZeroAllowance")
        .withArgs(bob.address, USD(10n), USD(20n));
      // Zero first, then the new value.
      await byAlice.approve(bob.address, 0n);
      await byAlice.approve(bob.address, USD(20n));
      expect(await token.allowance(alice.address, bob.address)).to.equal(USD(20n));
    });

    it("still lets the spender spend its allowance in parts", async function () {
      const { token, alice, bob } = await loadFixture(raceFixture);
      await token.connect(alice).approve(bob.address, USD(10n));
      await token.connect(bob).transferFrom(alice.address, bob.address, USD(4n));
      await token.connect(bob).transferFrom(alice.address, bob.address, USD(6n));
      expect(await token.balanceOf(bob.address)).to.equal(USD(10n));
      expect(await token.allowance(alice.address, bob.address)).to.equal(0n);
    });
  });

  describe("StablecoinMock", function () {
    it("has the constructor's name and symbol, 6 decimals and an open mint", async function () {
      const { stable, bob, carol } = await loadFixture(deployTokensFixture);
      expect(await stable.name()).to.equal(STABLE_NAME);
      expect(await stable.symbol()).to.equal(STABLE_SYMBOL);
      expect(await stable.decimals()).to.equal(6n);
      await expect(stable.connect(bob).mint(carol.address, USD(5n)))
        .to.emit(stable, "Transfer")
        .withArgs(ZERO_ADDRESS, carol.address, USD(5n));
      expect(await stable.balanceOf(carol.address)).to.equal(USD(5n));
      expect(await stable.totalSupply()).to.equal(USD(1_005n));
    });

    it("exposes the EIP-712 domain {name, version 1, chainId, verifyingContract}", async function () {
      const { stable } = await loadFixture(deployTokensFixture);
      const { chainId } = await ethers.provider.getNetwork();
      const domain = await stable.eip712Domain();
      expect(domain.name).to.equal(STABLE_NAME);
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal(chainId);
      expect(domain.verifyingContract).to.equal(await stable.getAddress());
      const expected = ethers.TypedDataEncoder.hashDomain({
        name: STABLE_NAME,
        version: "1",
        chainId,
        verifyingContract: await stable.getAddress(),
      });
      expect(await stable.DOMAIN_SEPARATOR()).to.equal(expected);
    });

    /** Alice signs a permit for `bob` to spend `value` until `deadline`. */
    async function signPermit(
      f: Awaited<ReturnType<typeof deployTokensFixture>>,
      value: bigint,
      deadline: bigint,
    ) {
      const { stable, alice, bob } = f;
      const { chainId } = await ethers.provider.getNetwork();
      const domain = {
        name: STABLE_NAME,
        version: "1",
        chainId,
        verifyingContract: await stable.getAddress(),
      };
      const message = {
        owner: alice.address,
        spender: bob.address,
        value,
        nonce: await stable.nonces(alice.address),
        deadline,
      };
      return ethers.Signature.from(await alice.signTypedData(domain, PERMIT_TYPES, message));
    }

    it("accepts a permit signed with signTypedData, which anyone may submit", async function () {
      const f = await loadFixture(deployTokensFixture);
      const { stable, alice, bob, carol } = f;
      const value = USD(250n);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(f, value, deadline);

      expect(await stable.nonces(alice.address)).to.equal(0n);
      await expect(
        stable
          .connect(carol)
          .permit(alice.address, bob.address, value, deadline, sig.v, sig.r, sig.s),
      )
        .to.emit(stable, "Approval")
        .withArgs(alice.address, bob.address, value);
      expect(await stable.allowance(alice.address, bob.address)).to.equal(value);
      expect(await stable.nonces(alice.address)).to.equal(1n);

      // The permitted spender can now pull the funds.
      await expect(
        stable.connect(bob).transferFrom(alice.address, carol.address, value),
      ).to.changeTokenBalances(ethers, stable, [alice, carol], [-value, value]);
      expect(await stable.allowance(alice.address, bob.address)).to.equal(0n);
    });

    it("refuses a replayed, an altered and an expired permit", async function () {
      const f = await loadFixture(deployTokensFixture);
      const { stable, alice, bob } = f;
      const value = USD(250n);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(f, value, deadline);

      // Altered value: the recovered signer is not alice.
      await expect(
        stable.permit(alice.address, bob.address, value + 1n, deadline, sig.v, sig.r, sig.s),
      ).to.be.revertedWithCustomError(stable, "ERC2612InvalidSigner");

      await stable.permit(alice.address, bob.address, value, deadline, sig.v, sig.r, sig.s);
      // Replayed: the nonce has moved on.
      await expect(
        stable.permit(alice.address, bob.address, value, deadline, sig.v, sig.r, sig.s),
      ).to.be.revertedWithCustomError(stable, "ERC2612InvalidSigner");

      const past = BigInt(await time.latest()) - 1n;
      const expired = await signPermit(f, value, past);
      await expect(
        stable.permit(alice.address, bob.address, value, past, expired.v, expired.r, expired.s),
      )
        .to.be.revertedWithCustomError(stable, "ERC2612ExpiredSignature")
        .withArgs(past);
    });
  });

  describe("FeeOnTransferTokenMock", function () {
    it("has 18 decimals, the constructor's fee and a fee-free open mint", async function () {
      const { feeToken, bob } = await loadFixture(deployTokensFixture);
      expect(await feeToken.decimals()).to.equal(18n);
      expect(await feeToken.feeBps()).to.equal(FEE_BPS);
      await expect(feeToken.connect(bob).mint(bob.address, TOKEN(10n))).to.changeTokenBalance(
        ethers,
        feeToken,
        bob,
        TOKEN(10n),
      );
    });

    it("burns exactly feeBps of a transfer: the recipient gets amount - fee", async function () {
      const { feeToken, alice, bob } = await loadFixture(deployTokensFixture);
      const amount = TOKEN(100n);
      const fee = TOKEN(1n); // 1% of 100
      const supplyBefore = await feeToken.totalSupply();
      const tx = feeToken.connect(alice).transfer(bob.address, amount);
      await expect(tx).to.changeTokenBalances(
        ethers,
        feeToken,
        [alice, bob],
        [-amount, amount - fee],
      );
      await expect(tx).to.emit(feeToken, "Transfer").withArgs(alice.address, ZERO_ADDRESS, fee);
      await expect(tx)
        .to.emit(feeToken, "Transfer")
        .withArgs(alice.address, bob.address, amount - fee);
      expect(await feeToken.totalSupply()).to.equal(supplyBefore - fee);
    });

    it("burns the fee on transferFrom too, spending the full amount of allowance", async function () {
      const { feeToken, alice, bob, carol } = await loadFixture(deployTokensFixture);
      const amount = 12_345n;
      const fee = (amount * FEE_BPS) / 10_000n; // 123
      expect(fee).to.equal(123n);
      await feeToken.connect(alice).approve(bob.address, amount + 5n);
      await expect(
        feeToken.connect(bob).transferFrom(alice.address, carol.address, amount),
      ).to.changeTokenBalances(ethers, feeToken, [alice, carol], [-amount, amount - fee]);
      expect(await feeToken.allowance(alice.address, bob.address)).to.equal(5n);
    });

    it("rounds the fee down (no fee below 100 units at 1%)", async function () {
      const { feeToken, alice, bob } = await loadFixture(deployTokensFixture);
      expect(await feeToken.feeOf(99n)).to.equal(0n);
      expect(await feeToken.feeOf(199n)).to.equal(1n);
      await expect(feeToken.connect(alice).transfer(bob.address, 99n)).to.changeTokenBalances(
        ethers,
        feeToken,
        [alice, bob],
        [-99n, 99n],
      );
    });

    it("takes no fee when deployed with a zero fee and refuses a fee above 100%", async function () {
      const { alice, bob } = await loadFixture(deployTokensFixture);
      const free = await ethers.deployContract("FeeOnTransferTokenMock", [0n]);
      await free.mint(alice.address, 1_000n);
      await expect(free.connect(alice).transfer(bob.address, 1_000n)).to.changeTokenBalances(
        ethers,
        free,
        [alice, bob],
        [-1_000n, 1_000n],
      );
      const factory = await ethers.getContractFactory("FeeOnTransferTokenMock");
      await expect(ethers.deployContract("FeeOnTransferTokenMock", [10_001n]))
        .to.be.revertedWithCustomError(factory, "FeeOnTransferTokenMockFeeTooHigh")
        .withArgs(10_001n);
    });
  });

  describe("BlocklistTokenMock", function () {
    it("has 6 decimals and an open mint", async function () {
      const { blocklistToken, bob } = await loadFixture(deployTokensFixture);
      expect(await blocklistToken.decimals()).to.equal(6n);
      await blocklistToken.connect(bob).mint(bob.address, USD(3n));
      expect(await blocklistToken.balanceOf(bob.address)).to.equal(USD(3n));
    });

    it("refuses a transfer to a blocklisted recipient, naming the recipient", async function () {
      const { blocklistToken, alice, bob, carol } = await loadFixture(deployTokensFixture);
      await expect(blocklistToken.connect(carol).blocklist(bob.address))
        .to.emit(blocklistToken, "Blocklisted")
        .withArgs(bob.address);
      expect(await blocklistToken.isBlocklisted(bob.address)).to.equal(true);
      await expect(blocklistToken.connect(alice).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(blocklistToken, "BlocklistTokenMockBlocked")
        .withArgs(bob.address);
      await blocklistToken.connect(alice).approve(carol.address, 1n);
      await expect(blocklistToken.connect(carol).transferFrom(alice.address, bob.address, 1n))
        .to.be.revertedWithCustomError(blocklistToken, "BlocklistTokenMockBlocked")
        .withArgs(bob.address);
      await expect(blocklistToken.mint(bob.address, 1n))
        .to.be.revertedWithCustomError(blocklistToken, "BlocklistTokenMockBlocked")
        .withArgs(bob.address);
    });

    it("refuses a transfer from a blocklisted sender, naming the sender", async function () {
      const { blocklistToken, alice, bob, carol } = await loadFixture(deployTokensFixture);
      await blocklistToken.connect(alice).approve(carol.address, 1n);
      await blocklistToken.blocklist(alice.address);
      await expect(blocklistToken.connect(alice).transfer(bob.address, 1n))
        .to.be.revertedWithCustomError(blocklistToken, "BlocklistTokenMockBlocked")
        .withArgs(alice.address);
      // transferFrom by an unblocked spender is refused all the same.
      await expect(blocklistToken.connect(carol).transferFrom(alice.address, bob.address, 1n))
        .to.be.revertedWithCustomError(blocklistToken, "BlocklistTokenMockBlocked")
        .withArgs(alice.address);
    });

    it("lets transfers through again once unblocklisted", async function () {
      const { blocklistToken, alice, bob } = await loadFixture(deployTokensFixture);
      await blocklistToken.blocklist(bob.address);
      await expect(blocklistToken.unblocklist(bob.address))
        .to.emit(blocklistToken, "Unblocklisted")
        .withArgs(bob.address);
      expect(await blocklistToken.isBlocklisted(bob.address)).to.equal(false);
      await expect(
        blocklistToken.connect(alice).transfer(bob.address, USD(1n)),
      ).to.changeTokenBalances(ethers, blocklistToken, [alice, bob], [-USD(1n), USD(1n)]);
    });
  });

  describe("ReentrantTokenMock", function () {
    it("has 18 decimals, an open mint and starts disarmed", async function () {
      const { reentrant, bob } = await loadFixture(deployTokensFixture);
      expect(await reentrant.decimals()).to.equal(18n);
      expect(await reentrant.armed()).to.equal(false);
      await reentrant.connect(bob).mint(bob.address, 7n);
      expect(await reentrant.balanceOf(bob.address)).to.equal(7n);
    });

    it("calls the armed target once on the next transfer and records the success", async function () {
      const { reentrant, stable, alice, bob, carol } = await loadFixture(deployTokensFixture);
      const data = stable.interface.encodeFunctionData("mint", [carol.address, USD(5n)]);
      await reentrant.arm(await stable.getAddress(), data);
      expect(await reentrant.armed()).to.equal(true);
      expect(await reentrant.armedTarget()).to.equal(await stable.getAddress());
      expect(await reentrant.armedData()).to.equal(data);

      // A mint does not trigger the callback.
      await expect(reentrant.mint(alice.address, 1n)).to.not.emit(reentrant, "ReentryAttempted");
      expect(await reentrant.armed()).to.equal(true);

      const tx = reentrant.connect(alice).transfer(bob.address, TOKEN(1n));
      await expect(tx)
        .to.emit(reentrant, "ReentryAttempted")
        .withArgs(await stable.getAddress(), true, "0x");
      await expect(tx).to.emit(stable, "Transfer").withArgs(ZERO_ADDRESS, carol.address, USD(5n));
      await expect(tx).to.changeTokenBalances(
        ethers,
        reentrant,
        [alice, bob],
        [-TOKEN(1n), TOKEN(1n)],
      );
      expect(await stable.balanceOf(carol.address)).to.equal(USD(5n));
      expect(await reentrant.lastCallSucceeded()).to.equal(true);
      expect(await reentrant.lastReturnData()).to.equal("0x");
      expect(await reentrant.armed()).to.equal(false);
      expect(await reentrant.armedTarget()).to.equal(ZERO_ADDRESS);
      expect(await reentrant.armedData()).to.equal("0x");

      // Disarmed: the next transfer calls nothing.
      await expect(reentrant.connect(alice).transfer(bob.address, 1n)).to.not.emit(
        reentrant,
        "ReentryAttempted",
      );
      expect(await stable.balanceOf(carol.address)).to.equal(USD(5n));
    });

    it("fires on transferFrom and records a failing call without reverting the transfer", async function () {
      const { reentrant, stable, alice, bob, carol } = await loadFixture(deployTokensFixture);
      // The token holds no stablecoin, so this call reverts with ERC20InsufficientBalance.
      const data = stable.interface.encodeFunctionData("transfer", [carol.address, 1n]);
      await reentrant.arm(await stable.getAddress(), data);
      await reentrant.connect(alice).approve(bob.address, 10n);

      const revertData = stable.interface.encodeErrorResult("ERC20InsufficientBalance", [
        await reentrant.getAddress(),
        0n,
        1n,
      ]);
      const tx = reentrant.connect(bob).transferFrom(alice.address, carol.address, 10n);
      await expect(tx)
        .to.emit(reentrant, "ReentryAttempted")
        .withArgs(await stable.getAddress(), false, revertData);
      await expect(tx).to.changeTokenBalances(ethers, reentrant, [alice, carol], [-10n, 10n]);
      expect(await reentrant.lastCallSucceeded()).to.equal(false);
      expect(await reentrant.lastReturnData()).to.equal(revertData);
      expect(await reentrant.armed()).to.equal(false);
    });

    it("can be re-armed, replaced and disarmed", async function () {
      const { reentrant, stable, alice, bob, carol } = await loadFixture(deployTokensFixture);
      const target = await stable.getAddress();
      await reentrant.arm(target, stable.interface.encodeFunctionData("mint", [bob.address, 1n]));
      await reentrant.arm(target, stable.interface.encodeFunctionData("mint", [carol.address, 2n]));
      await reentrant.connect(alice).transfer(bob.address, 1n);
      expect(await stable.balanceOf(bob.address)).to.equal(0n);
      expect(await stable.balanceOf(carol.address)).to.equal(2n);

      await reentrant.arm(target, stable.interface.encodeFunctionData("mint", [carol.address, 2n]));
      await reentrant.disarm();
      await expect(reentrant.connect(alice).transfer(bob.address, 1n)).to.not.emit(
        reentrant,
        "ReentryAttempted",
      );
      expect(await stable.balanceOf(carol.address)).to.equal(2n);
    });
  });
});
