import Base
import CFaceDlib
import Foundation
import ImageDecoding
import Synchronization

/// Face inference on threads of its own, each with its own copy of the models: never on a
/// cooperative thread or an event loop. Work beyond the threads waits in line, so at most
/// `threads` analyses run at once however many checks ask.
public final class FaceEngine: Sendable {
    private struct Request {
        let work: @Sendable (FaceAnalyzer) -> Void
    }

    private let queue = Mutex<[Request]>([])
    private let ready = DispatchSemaphore(value: 0)
    public let threads: Int

    /// Starts `threads` inference threads (at least one) over copies of `models`.
    public init(models: FaceModels, threads: Int = 1, niceness: Int32 = 10) throws(FaceModels.LoadError) {
        self.threads = max(1, threads)
        for index in 0..<self.threads {
            let analyzer = FaceAnalyzer(models: try models.copy())
            let thread = Thread { [self] in
                ThreadName.setCurrent("face-\(index)")
                ThreadPriority.lowerCurrent(to: niceness)
                self.serve(analyzer)
            }
            thread.start()
        }
    }

    /// Finds and describes the faces in `image`.
    public func analyze(_ image: DecodedImage) async throws -> FaceAnalysis {
        try await run { try $0.analyze(image) }
    }

    /// Describes the face in `box` at the image's full resolution, as dlib's own tools do (the
    /// checks describe a large face from a smaller copy): for comparing with them.
    public func describe(_ image: DecodedImage, box: FaceBox) async throws -> DetectedFace {
        let corners = vf_box(
            left: box.left,
            top: box.top,
            right: box.left + box.width - 1,
            bottom: box.top + box.height - 1,
            score: 0
        )
        return try await run { try $0.describe(corners, in: image, shrinking: false) }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (FaceAnalyzer) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let request = Request { analyzer in continuation.resume(with: Result { try body(analyzer) }) }
            queue.withLock { $0.append(request) }
            ready.signal()
        }
    }

    private func serve(_ analyzer: FaceAnalyzer) {
        while true {
            ready.wait()
            guard let request = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            request.work(analyzer)
        }
    }
}
