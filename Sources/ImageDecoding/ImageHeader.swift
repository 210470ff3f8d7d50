/// What a file's header says about its image, read without decoding a pixel.
public struct ImageHeader: Sendable, Equatable {
    public var format: ImageFormat
    /// As stored; `orientation` says how to turn it upright.
    public var width: Int
    public var height: Int
    /// Channels as stored: 1 grey, 2 grey and alpha, 3 colour, 4 colour and alpha or CMYK.
    public var channels: Int
    public var bitDepth: Int
    /// More than one frame; only the first would be decoded (animated WebP is refused).
    public var animated: Bool
    public var cmyk: Bool
    /// The EXIF orientation of a JPEG (HEIC's own is applied by its decoder).
    public var orientation: ImageOrientation

    /// Width and height once turned upright.
    public var uprightSize: (width: Int, height: Int) {
        orientation.swapsSides ? (height, width) : (width, height)
    }
}
