import Base
import CFaceDlib
import Foundation
import ImageDecoding
import Synchronization

/// Face inference on threads of its own, each with its own copy of the models: never on a
/// cooperative thread or an event loop. Work beyond the threads waits in line, so at most
/// `threads` analyses run at once however many checks ask.
public final class FaceEngine: Sendable {
    /// Whoever takes a request out of the line — a thread or the asker's cancellation — is the
    /// one that answers it, so each is answered exactly once.
    private struct Request {
        let id: UInt64
        let work: @Sendable (Result<FaceAnalyzer, FaceModels.LoadError>) -> Void
        let cancel: @Sendable () -> Void
    }

    private let queue = Mutex<[Request]>([])
    private let nextID = Atomic<UInt64>(0)
    /// Analyses that may wait for a thread; one more is refused with `Busy` (each waiting one
    /// holds a decoded photo).
    public let maximumWaiting: Int

    /// The engine's line is full; the check is retried later.
    public struct Busy: Error {}
    private let ready = DispatchSemaphore(value: 0)
    public let threads: Int

    /// Starts `threads` inference threads (at least one), each copying `models` for itself.
    public init(models: FaceModels, threads: Int = 1, niceness: Int32 = 10, maximumWaiting: Int = 32) {
        self.threads = max(1, threads)
        self.maximumWaiting = max(1, maximumWaiting)
        for index in 0..<self.threads {
            let thread = Thread { [self] in
                ThreadName.setCurrent("face-\(index)")
                ThreadPriority.lowerCurrent(to: niceness)
                let copy: Result<FaceModels, FaceModels.LoadError>
                do throws(FaceModels.LoadError) { copy = .success(try models.copy()) } catch { copy = .failure(error) }
                self.serve(copy)
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
        // Clamped, so that no box from outside can overflow the corners' arithmetic.
        let limit = 1 << 30
        let (left, top) = (min(max(box.left, -limit), limit), min(max(box.top, -limit), limit))
        let (width, height) = (min(max(box.width, 0), limit), min(max(box.height, 0), limit))
        let corners = vf_box(left: left, top: top, right: left + width - 1, bottom: top + height - 1, score: 0)
        return try await run { try $0.describe(corners, in: image, shrinking: false) }
    }

    /// Queues `body` for a thread. A cancelled asker whose request still waits leaves the line
    /// at once (`CancellationError`); one already running finishes.
    private func run<T: Sendable>(_ body: @escaping @Sendable (FaceAnalyzer) throws -> T) async throws -> T {
        let id = nextID.add(1, ordering: .relaxed).newValue
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let request = Request(
                    id: id,
                    work: { analyzer in continuation.resume(with: Result { try body(try analyzer.get()) }) },
                    cancel: { continuation.resume(throwing: CancellationError()) }
                )
                let admitted = queue.withLock { waiting in
                    guard waiting.count < maximumWaiting else { return false }
                    waiting.append(request)
                    return true
                }
                guard admitted else { return continuation.resume(throwing: Busy()) }
                ready.signal()
            }
        } onCancel: {
            let removed = queue.withLock { waiting -> Request? in
                guard let index = waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return waiting.remove(at: index)
            }
            removed?.cancel()
        }
    }

    /// Serves requests with this thread's copy of the models; without one (the copy failed:
    /// memory), answers each with the failure, which the check records as an error and retries.
    private func serve(_ copy: Result<FaceModels, FaceModels.LoadError>) {
        while true {
            ready.wait()
            guard let request = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            request.work(copy.map(FaceAnalyzer.init(models:)))
        }
    }
}
