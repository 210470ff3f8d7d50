/// The bounding box of one connected blot of ink, in pixels.
struct InkBox: Sendable, Equatable {
    var minX: Int32
    var minY: Int32
    var maxX: Int32
    var maxY: Int32
    var pixels: Int32

    var width: Double { Double(maxX - minX + 1) }
    var height: Double { Double(maxY - minY + 1) }
    /// The box's centre in image coordinates (pixel x covers [x, x+1)).
    var centreX: Double { Double(minX + maxX + 1) / 2 }
    var centreY: Double { Double(minY + maxY + 1) / 2 }
}

/// Connected blots of ink (8-connected), found from the runs of ink on each row: runs that touch
/// a run of the row above join its blot. One pass over the pixels and one over the runs.
enum InkComponents {
    static func boxes(ink: [UInt8], width: Int, height: Int) -> [InkBox] {
        var runs: [(x0: Int32, x1: Int32, y: Int32)] = []
        var parent: [Int32] = []
        var previous = 0..<0
        ink.withUnsafeBufferPointer { ink in
            for y in 0..<height {
                let rowStart = runs.count
                var x = 0
                let row = y * width
                while x < width {
                    guard ink[row + x] != 0 else {
                        x += 1
                        continue
                    }
                    let start = x
                    while x < width && ink[row + x] != 0 { x += 1 }
                    let label = Int32(runs.count)
                    runs.append((Int32(start), Int32(x - 1), Int32(y)))
                    parent.append(label)
                    for other in previous where runs[other].x1 >= Int32(start) - 1 && runs[other].x0 <= Int32(x) {
                        union(&parent, label, Int32(other))
                    }
                }
                previous = rowStart..<runs.count
            }
        }
        var boxOfRoot = [Int](repeating: -1, count: runs.count)
        var boxes: [InkBox] = []
        for (index, run) in runs.enumerated() {
            let root = Int(find(&parent, Int32(index)))
            let length = run.x1 - run.x0 + 1
            let slot = boxOfRoot[root]
            if slot >= 0 {
                boxes[slot].minX = min(boxes[slot].minX, run.x0)
                boxes[slot].maxX = max(boxes[slot].maxX, run.x1)
                boxes[slot].minY = min(boxes[slot].minY, run.y)
                boxes[slot].maxY = max(boxes[slot].maxY, run.y)
                boxes[slot].pixels += length
            } else {
                boxOfRoot[root] = boxes.count
                boxes.append(InkBox(minX: run.x0, minY: run.y, maxX: run.x1, maxY: run.y, pixels: length))
            }
        }
        return boxes
    }

    private static func find(_ parent: inout [Int32], _ label: Int32) -> Int32 {
        var root = label
        while parent[Int(root)] != root { root = parent[Int(root)] }
        var node = label
        while parent[Int(node)] != root {
            let next = parent[Int(node)]
            parent[Int(node)] = root
            node = next
        }
        return root
    }

    private static func union(_ parent: inout [Int32], _ a: Int32, _ b: Int32) {
        let (rootA, rootB) = (find(&parent, a), find(&parent, b))
        if rootA != rootB { parent[Int(max(rootA, rootB))] = min(rootA, rootB) }
    }
}
