import CImageCodecs

/// Decodes untrusted image files through the system's decoders (libjpeg-turbo, libpng, libwebp,
/// libheif), checking the stated dimensions against `ImageLimits` before allocating a pixel.
///
/// Decoding is synchronous and CPU-bound: call it from a thread of its own or the background
/// executor, never from a cooperative thread.
public enum ImageDecoder {
    /// The header of `bytes`: format, stated size, channels, orientation.
    public static func header(_ bytes: [UInt8]) throws(ImageDecodingError) -> ImageHeader {
        guard let format = ImageFormat.sniff(bytes) else {
            throw ImageDecodingError(.formatUnknown, "not a JPEG, PNG, WebP or HEIC file")
        }
        var info = vc_info()
        try call(format) { message, capacity in
            bytes.withUnsafeBufferPointer { data in
                let base = data.baseAddress!
                return switch format {
                case .jpeg: vc_jpeg_info(base, data.count, &info, message, capacity)
                case .png: vc_png_info(base, data.count, &info, message, capacity)
                case .webp: vc_webp_info(base, data.count, &info, message, capacity)
                case .heic: vc_heif_info(base, data.count, &info, message, capacity)
                }
            }
        }
        return ImageHeader(
            format: format,
            width: Int(info.width),
            height: Int(info.height),
            channels: Int(info.channels),
            bitDepth: Int(info.bit_depth),
            animated: info.animated != 0,
            cmyk: info.cmyk != 0,
            orientation: format == .jpeg ? ExifOrientationReader.orientation(ofJPEG: bytes) : .up
        )
    }

    /// Decodes `bytes` upright, as `channels`.
    ///
    /// - Parameter side: when given, the result's longer side is at most this many pixels. A
    ///   JPEG is then decoded at 1/2, 1/4 or 1/8 of its size where that still covers `side`
    ///   (libjpeg scales inside the DCT, which is far cheaper than decoding everything), and
    ///   the rest is averaged down.
    public static func decode(
        _ bytes: [UInt8],
        channels: PixelChannels = .rgb,
        limits: ImageLimits = ImageLimits(),
        side: Int? = nil
    ) throws(ImageDecodingError) -> DecodedImage {
        let header = try header(bytes)
        guard limits.admit(width: header.width, height: header.height) else {
            throw ImageDecodingError(
                .tooLarge,
                "\(header.width) × \(header.height) exceeds \(limits.maximumSide) a side or \(limits.maximumPixels) pixels"
            )
        }
        if header.format == .webp && header.animated {
            throw ImageDecodingError(.unsupported, "animated WebP")
        }
        let denominator = header.format == .jpeg ? jpegScale(longer: max(header.width, header.height), side: side) : 1
        let width = (header.width + denominator - 1) / denominator
        let height = (header.height + denominator - 1) / denominator
        var pixels = [UInt8](repeating: 0, count: width * height * channels.rawValue)
        let count = Int32(channels.rawValue)
        try call(header.format) { message, capacity in
            bytes.withUnsafeBufferPointer { data in
                pixels.withUnsafeMutableBufferPointer { out in
                    let (base, target) = (data.baseAddress!, out.baseAddress!)
                    return switch header.format {
                    case .jpeg: vc_jpeg_decode(base, data.count, count, Int32(denominator), target, out.count, message, capacity)
                    case .png: vc_png_decode(base, data.count, count, target, out.count, message, capacity)
                    case .webp: vc_webp_decode(base, data.count, count, target, out.count, message, capacity)
                    case .heic: vc_heif_decode(base, data.count, count, target, out.count, message, capacity)
                    }
                }
            }
        }
        // Scaled before it is turned: turning a small copy moves fewer pixels.
        let image = DecodedImage(width: width, height: height, channels: channels, pixels: pixels)
        return (side.map { image.fitting(side: $0) } ?? image).upright(header.orientation)
    }

    /// The largest of 8, 4, 2 that keeps the longer side at least `side`; 1 without a side.
    static func jpegScale(longer: Int, side: Int?) -> Int {
        guard let side, side > 0 else { return 1 }
        return [8, 4, 2].first { longer / $0 >= side } ?? 1
    }

    /// Runs a C call that fills a message buffer, and turns its status into an error.
    private static func call(
        _ format: ImageFormat,
        _ body: (UnsafeMutablePointer<CChar>, Int) -> vc_status
    ) throws(ImageDecodingError) {
        var message = [CChar](repeating: 0, count: 200)
        let status = message.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        guard status != VC_OK else { return }
        let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let detail = "\(format.rawValue): \(reason.isEmpty ? "unreadable" : reason)"
        switch status {
        case VC_TRUNCATED: throw ImageDecodingError(.truncated, detail)
        case VC_UNSUPPORTED: throw ImageDecodingError(.unsupported, detail)
        default: throw ImageDecodingError(.corrupt, detail)
        }
    }
}
