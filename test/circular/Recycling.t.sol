// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ICoreRegistry} from "../../contracts/interfaces/ICoreRegistry.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {CircularFixture, PredictingHandler} from "./CircularFixture.t.sol";

/**
 * @notice The invariant fuzzer's only target for recycling. The recycler gets cores (bought on
 * the market, or handed over by their holder), registers recycled-material batches of random
 * size against its certified capacity ({RECYCLER_CAPACITY} kg per {RECYCLER_PERIOD}), recycles
 * cores into them, and tries what must be refused: a batch already linked to a core, a core
 * already recycled, a batch it split. Time warps cross capacity periods. The handler sums the
 * registered quantities per capacity period (index from the certificate's start and period
 * length) and predicts every outcome from that sum first: a registration is refused for
 * capacity exactly when it would take the period's sum past the capacity. A revert that was not
 * predicted (or differs from the prediction in any byte), and a success where a revert was
 * predicted, counts in `unexpected`.
 */
contract RecycleHandler is PredictingHandler {
    /// @notice What the handler counts.
    enum Count {
        Registered,
        CapacityRefusals,
        Recycled,
        Bought,
        HandedOver,
        RelinkRefusals,
        RecycledTwiceRefusals,
        SplitBatchRefusals
    }

    uint256 private constant MAX_QUANTITY = 600;
    uint96 private constant PRICE = 50e6;

    /// @notice When the recycler's certificate started, and when it ends.
    uint256 public immutable capacityStart;
    uint256 public immutable capacityEnd;

    /// @notice Quantity registered per capacity period.
    mapping(uint256 period => uint256) public drawnIn;
    /// @notice Every capacity period with a registration.
    uint256[] public drawnPeriods;
    /// @notice Every batch the recycler registered, its quantity and the core linked to it.
    uint32[] public batchIds;
    mapping(uint32 batchId => uint256) public quantityOf;
    mapping(uint32 batchId => uint256) public originOf;
    /// @notice Every core recycled, and the batch it went into.
    uint256[] public recycledCores;
    mapping(uint256 coreId => uint32) public batchOf;

    /// @dev Cores the recycler holds, and batches it registered that no core is linked to yet.
    uint256[] private _heldCores;
    uint32[] private _freeBatches;

    mapping(Count kind => uint256) public counts;

    constructor(Deployment memory d) {
        _adopt(d);
        IParticipantRegistry.Certificate memory c = participants.certificate(recycler, SCHEME);
        capacityStart = c.validFrom;
        capacityEnd = c.validUntil;
        stable.mint(recycler, FUNDS);
        vm.prank(recycler);
        stable.approve(address(cores), type(uint256).max);
    }

    // ------------------------------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------------------------------

    /// @notice The recycler registers a batch of 1 .. 600 kg (refused past this period's
    /// capacity); it waits for a core.
    function register(uint256 quantity) public returns (uint32 batchId) {
        quantity = bound(quantity, 1, MAX_QUANTITY);
        uint256 period = currentPeriod();
        bytes memory expected;
        if (block.timestamp >= capacityEnd) {
            expected = abi.encodeWithSelector(
                IPartRegistry.PartRegistryNotCertified.selector,
                recycler,
                SCHEME
            );
        } else if (drawnIn[period] + quantity > RECYCLER_CAPACITY) {
            expected = abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryCapacityExceeded.selector,
                recycler,
                SCHEME,
                quantity,
                RECYCLER_CAPACITY - drawnIn[period]
            );
            ++counts[Count.CapacityRefusals];
        }
        vm.prank(recycler);
        try parts.registerBatch(RECYCLED, uint64(quantity), UNIT, _schemes(), EVIDENCE) returns (
            uint32 id
        ) {
            if (_expect("registerBatch", true, "", expected)) {
                if (drawnIn[period] == 0) drawnPeriods.push(period);
                drawnIn[period] += quantity;
                batchIds.push(id);
                quantityOf[id] = quantity;
                _freeBatches.push(id);
                ++counts[Count.Registered];
                batchId = id;
            }
        } catch (bytes memory reason) {
            _expect("registerBatch", false, reason, expected);
        }
    }

    /// @notice The recycler gets a core: bought on the market (graded recycle-only, at most a
    /// day old) or handed over by a customer that returned it.
    function acquire(uint256 seed) public returns (uint256 coreId) {
        address seller = seed % 2 == 0 ? customer : customer2;
        coreId = _gradedCore(SPEC, seller, ICoreRegistry.Outcome.RecycleOnly, 5);
        if ((seed >> 8) % 2 == 0) {
            vm.prank(seller);
            cores.list(coreId, IERC20(address(stable)), PRICE);
            vm.prank(recycler);
            try cores.buy(coreId, IERC20(address(stable)), PRICE, 1 days) {
                ++counts[Count.Bought];
            } catch (bytes memory reason) {
                _unexpected("buy", reason);
                return 0;
            }
        } else {
            vm.prank(seller);
            cores.transferFrom(seller, recycler, coreId);
            ++counts[Count.HandedOver];
        }
        _heldCores.push(coreId);
    }

    /// @notice The recycler recycles one of its cores into one of its free batches (each made
    /// first when it has none).
    function recycle(uint256 seed, uint256 quantity) external {
        uint256 coreId = _heldCores.length == 0 ? acquire(seed) : _heldCores[_heldCores.length - 1];
        if (coreId == 0) return;
        uint32 batchId = _freeBatch(quantity);
        if (batchId == 0) return;
        vm.prank(recycler);
        try cores.recycle(coreId, batchId, EVIDENCE) {
            _heldCores.pop();
            _freeBatches.pop();
            originOf[batchId] = coreId;
            batchOf[coreId] = batchId;
            recycledCores.push(coreId);
            ++counts[Count.Recycled];
        } catch (bytes memory reason) {
            _unexpected("recycle", reason);
        }
    }

    /// @notice The recycler tries to link a held core to a batch already linked to another core.
    function relink(uint256 seed) external {
        if (batchIds.length == 0) return;
        uint32 batchId = batchIds[seed % batchIds.length];
        if (originOf[batchId] == 0) return;
        uint256 coreId = _heldCores.length == 0 ? acquire(seed) : _heldCores[_heldCores.length - 1];
        if (coreId == 0) return;
        _tryRecycle(
            "relink",
            coreId,
            batchId,
            abi.encodeWithSelector(
                ICoreRegistry.CoreRegistryNotRecycledBatch.selector,
                batchId,
                recycler
            ),
            Count.RelinkRefusals
        );
    }

    /// @notice The recycler tries to recycle a core it already recycled, into a free batch.
    function recycleAgain(uint256 seed, uint256 quantity) external {
        if (recycledCores.length == 0) return;
        uint256 coreId = recycledCores[seed % recycledCores.length];
        uint32 batchId = _freeBatch(quantity);
        if (batchId == 0) return;
        _tryRecycle(
            "recycleAgain",
            coreId,
            batchId,
            abi.encodeWithSelector(
                ICoreRegistry.CoreRegistryNotHeld.selector,
                coreId,
                ICoreRegistry.CoreState.Recycled
            ),
            Count.RecycledTwiceRefusals
        );
    }

    /// @notice The recycler passes part of a free batch of at least 2 kg on to a manufacturer,
    /// then tries to link what is left to a core (a batch must be linked whole).
    function splitThenRecycle(uint256 seed, uint256 quantity) external {
        uint32 batchId = _freeBatch(bound(quantity, 2, MAX_QUANTITY));
        if (batchId == 0 || quantityOf[batchId] < 2) return;
        uint256 coreId = _heldCores.length == 0 ? acquire(seed) : _heldCores[_heldCores.length - 1];
        if (coreId == 0) return;
        vm.prank(recycler);
        parts.transferBatch(batchId, oem, 1);
        _freeBatches.pop();
        _tryRecycle(
            "splitThenRecycle",
            coreId,
            batchId,
            abi.encodeWithSelector(
                ICoreRegistry.CoreRegistryNotRecycledBatch.selector,
                batchId,
                recycler
            ),
            Count.SplitBatchRefusals
        );
    }

    /// @notice Time passes: 0 .. 3 days.
    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + bound(secondsAhead, 0, 3 days));
    }

    // ------------------------------------------------------------------------------------------
    // Views for the invariants
    // ------------------------------------------------------------------------------------------

    /// @notice The capacity period now: (now - certificate start) / period length.
    function currentPeriod() public view returns (uint256) {
        return (block.timestamp - capacityStart) / RECYCLER_PERIOD;
    }

    /// @notice How many batches the recycler registered.
    function batchCount() external view returns (uint256) {
        return batchIds.length;
    }

    /// @notice How many cores were recycled.
    function recycledCount() external view returns (uint256) {
        return recycledCores.length;
    }

    /// @notice How many capacity periods saw a registration.
    function drawnPeriodCount() external view returns (uint256) {
        return drawnPeriods.length;
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    /// @dev A free batch: the newest one, or a new one of `quantity` (zero when refused).
    function _freeBatch(uint256 quantity) private returns (uint32) {
        if (_freeBatches.length != 0) return _freeBatches[_freeBatches.length - 1];
        return register(quantity);
    }

    function _tryRecycle(
        string memory action,
        uint256 coreId,
        uint32 batchId,
        bytes memory expected,
        Count refusal
    ) private {
        vm.prank(recycler);
        try cores.recycle(coreId, batchId, EVIDENCE) {
            _expect(action, true, "", expected);
        } catch (bytes memory reason) {
            if (_refusedAsPredicted(action, reason, expected)) ++counts[refusal];
        }
    }

    function _schemes() private pure returns (bytes32[] memory ids) {
        ids = new bytes32[](1);
        ids[0] = SCHEME;
    }
}

/**
 * @notice A recycled batch's quantity stays within the recycler's certified capacity per period
 * (`ParticipantRegistry.remainingCapacity`), and each batch links to at most one core: random
 * sequences of acquiring cores, registering batches, recycling, the refused relinks, repeats and
 * split batches, and time warps.
 */
contract RecyclingInvariantTest is CircularFixture {
    RecycleHandler private handler;

    function setUp() public {
        _deployFixture();
        handler = new RecycleHandler(_deployment());
        targetContract(address(handler));
    }

    // ------------------------------------------------------------------------------------------
    // The handler, driven by a fixed pseudo-random sequence: it reaches every action
    // ------------------------------------------------------------------------------------------

    function test_handler_reachesEveryActionWithoutUnexpectedOutcomes() public {
        for (uint256 step; step < 200; ++step) {
            _step(uint256(keccak256(abi.encode("step", step))));
            if (step % 25 == 0) _assertInvariants();
        }
        vm.assertEq(handler.unexpected(), 0, "unexpected");
        for (uint256 k; k <= uint256(type(RecycleHandler.Count).max); ++k) {
            vm.assertGt(handler.counts(RecycleHandler.Count(k)), 0, "every count reached");
        }
        vm.assertGt(handler.predictedRefusals(), 0, "predicted refusals reached");
        _assertInvariants();
    }

    function _step(uint256 r) private {
        uint256 a = r % 9;
        uint256 s = r >> 8;
        uint256 t = uint256(keccak256(abi.encode(r)));
        if (a == 0) handler.register(t);
        else if (a == 1) handler.acquire(s);
        else if (a < 4) handler.recycle(s, t);
        else if (a == 4) handler.relink(s);
        else if (a == 5) handler.recycleAgain(s, t);
        else if (a == 6) handler.splitThenRecycle(s, t);
        else handler.warp(t % 2 == 0 ? t : t % 1 days);
    }

    // ------------------------------------------------------------------------------------------
    // Invariants (the fuzzer calls only `handler`)
    // ------------------------------------------------------------------------------------------

    /**
     * @dev The issue's invariant: in every capacity period, the recycled batches registered add
     * up to at most the certified capacity, each batch has the quantity registered, and
     * `remainingCapacity` is the capacity less this period's batches, until the period's end.
     */
    function invariant_batchesWithinCertifiedCapacityPerPeriod() public view {
        uint256 n = handler.drawnPeriodCount();
        for (uint256 i; i < n; ++i) {
            vm.assertLe(
                handler.drawnIn(handler.drawnPeriods(i)),
                RECYCLER_CAPACITY,
                "period within capacity"
            );
        }
        uint256 batches = handler.batchCount();
        for (uint256 i; i < batches; ++i) {
            uint32 batchId = handler.batchIds(i);
            IPartRegistry.Batch memory b = parts.batch(batchId);
            vm.assertEq(uint256(b.quantity), handler.quantityOf(batchId), "quantity");
            vm.assertLe(uint256(b.quantity), RECYCLER_CAPACITY, "a batch within capacity");
            vm.assertEq(b.producer, recycler, "the recycler's");
        }
        uint256 period = handler.currentPeriod();
        (uint256 remaining, uint256 periodEnd) = participants.remainingCapacity(recycler, SCHEME);
        vm.assertEq(remaining, RECYCLER_CAPACITY - handler.drawnIn(period), "remaining");
        vm.assertEq(
            periodEnd,
            handler.capacityStart() + (period + 1) * RECYCLER_PERIOD,
            "period end"
        );
    }

    /// @dev Each batch links to at most one core, and each recycled core to one batch that links
    /// back to it: `originOf` is a function of the batch, so no two cores share one.
    function invariant_eachBatchLinksToAtMostOneCore() public view {
        uint256 batches = handler.batchCount();
        for (uint256 i; i < batches; ++i) {
            uint32 batchId = handler.batchIds(i);
            vm.assertEq(cores.originOf(batchId), handler.originOf(batchId), "origin");
        }
        uint256 n = handler.recycledCount();
        for (uint256 i; i < n; ++i) {
            uint256 coreId = handler.recycledCores(i);
            ICoreRegistry.CoreView memory v = cores.core(coreId);
            vm.assertEq(uint256(v.state), uint256(ICoreRegistry.CoreState.Recycled), "recycled");
            vm.assertEq(v.successor, handler.batchOf(coreId), "successor");
            vm.assertEq(cores.originOf(uint32(v.successor)), coreId, "links back");
        }
    }

    function invariant_noUnexpectedOutcomes() public view {
        vm.assertEq(
            handler.unexpected(),
            0,
            string.concat("unexpected outcome in ", handler.lastUnexpectedAction())
        );
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    function _assertInvariants() private view {
        invariant_batchesWithinCertifiedCapacityPerPeriod();
        invariant_eachBatchLinksToAtMostOneCore();
        invariant_noUnexpectedOutcomes();
    }
}
