// Hashing on raw UTF-8 bytes, so that the hot path never builds a String.

/// FNV-1a's starting value; with `fnvMix`, the one FNV-1a of the modules that import this one.
/// Computed and inlinable, so that another module's hot loop reads constants, not globals.
@inlinable public var fnvOffset: UInt64 { 0xcbf2_9ce4_8422_2325 }
@inlinable public var fnvPrime: UInt64 { 0x0000_0100_0000_01b3 }

/// One step of FNV-1a: folds a byte into a word's hash.
@inlinable @inline(__always)
public func fnvMix(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* fnvPrime }

/// FNV-1a of a run of bytes: a word's hash, and the hash the index's own keys use.
@inlinable
public func fnvHash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    bytes.reduce(fnvOffset, fnvMix)
}

/// The hash the tokenizer gives a word written in lower-case ASCII ("and", "mln").
func fnvHash(_ word: String) -> UInt64 { fnvHash(word.utf8) }

/// Folds one token hash into a phrase hash. Tokens are hashed separately and
/// combined so that a phrase's hash can be built token by token while matching.
@inline(__always)
func combine(_ h: UInt64, _ token: UInt64) -> UInt64 {
    var x = (h ^ token) &* 0x9E37_79B9_7F4A_7C15
    x ^= x >> 29
    return x
}

let phraseSeed: UInt64 = 0x5151_7a7a_1234_5678

/// An open-addressing map from 64-bit hashes to 32-bit values, built once at
/// load and read without locks. Key 0 marks an empty slot (hashes are nudged
/// off 0). A key and its value share a slot, so a hit in a table far larger
/// than the caches (the gazetteer's words) costs one cache miss, not two.
struct HashMap64: Sendable {
    struct Slot {
        var key: UInt64
        var value: Int32
    }
    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: 0, value: 0), count: size)
        mask = size - 1
    }

    @inline(__always) static func fix(_ k: UInt64) -> UInt64 { k == 0 ? 1 : k }

    mutating func set(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > slots.count { grow() }
        let k = HashMap64.fix(key)
        var i = Int(truncatingIfNeeded: k ^ (k >> 32)) & mask
        while slots[i].key != 0 && slots[i].key != k { i = (i + 1) & mask }
        if slots[i].key == 0 { count += 1 }
        slots[i] = Slot(key: k, value: value)
    }

    @inline(__always)
    func get(_ key: UInt64) -> Int32? {
        let k = HashMap64.fix(key)
        var i = Int(truncatingIfNeeded: k ^ (k >> 32)) & mask
        return slots.withUnsafeBufferPointer { sb in
            while true {
                let s = sb[i].key
                if s == k { return sb[i].value }
                if s == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    /// Every key and value, in slot order.
    func forEach(_ body: (UInt64, Int32) -> Void) {
        for slot in slots where slot.key != 0 { body(slot.key, slot.value) }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, value: 0), count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for slot in old where slot.key != 0 { set(slot.key, slot.value) }
    }
}

/// A small per-article set of hashes (lower-case words seen in the article).
struct HashSet64 {
    private var keys: [UInt64]
    private var mask: Int

    init(expected: Int) {
        var size = 64
        while size < expected * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    mutating func insert(_ key: UInt64) {
        let k = HashMap64.fix(key)
        var i = Int(truncatingIfNeeded: k ^ (k >> 32)) & mask
        while keys[i] != 0 {
            if keys[i] == k { return }
            i = (i + 1) & mask
        }
        keys[i] = k
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        let k = HashMap64.fix(key)
        var i = Int(truncatingIfNeeded: k ^ (k >> 32)) & mask
        while keys[i] != 0 {
            if keys[i] == k { return true }
            i = (i + 1) & mask
        }
        return false
    }
}
