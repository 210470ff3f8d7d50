// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Tests import what they use; member-import strictness buys nothing there.
let testSwiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "vouch",
    platforms: [.macOS(.v15)],
    products: [
        // The server, its migrations and the operator's commands: the only binary the image ships.
        .executable(name: "vouch", targets: ["vouch"]),
        // Simulated screening and regulator services, for development, the drills and demos.
        .executable(name: "vouch-simulator", targets: ["vouch-simulator"]),
        // The measurements BENCHMARKS.md quotes.
        .executable(name: "vouch-bench", targets: ["vouch-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(
            url: "https://github.com/apple/swift-configuration.git",
            from: "1.4.0"
        ),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        .target(name: "Base", swiftSettings: swiftSettings),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "Postgres",
            dependencies: [
                "Base",
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "HTTPTransport",
            dependencies: [
                "Base",
                "CCurl",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "Verification", dependencies: ["Base"], swiftSettings: swiftSettings),
        .target(name: "SanctionsIndex", dependencies: ["Base", "Verification"], swiftSettings: swiftSettings),
        // The system's image decoders (libjpeg-turbo, libpng, libwebp, libheif) behind C
        // wrappers that keep libjpeg's error jumps in C.
        .target(
            name: "CImageCodecs",
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16"), .linkedLibrary("webp"), .linkedLibrary("heif")]
        ),
        .target(name: "ImageDecoding", dependencies: ["CImageCodecs"], swiftSettings: swiftSettings),
        .target(name: "ImageAnalysis", dependencies: ["ImageDecoding"], swiftSettings: swiftSettings),
        .target(name: "MRZReading", dependencies: ["Base", "ImageDecoding", "Verification"], swiftSettings: swiftSettings),
        // dlib's face detector, landmarks and descriptor network (Debian's libdlib-dev) behind a C
        // interface that keeps C++ exceptions on its side. Optimised and without dlib's debug
        // checks in every configuration: a descriptor takes seconds without, and a debug build of
        // the wrapper must match the release build of the library.
        .target(
            name: "CFaceDlib",
            cxxSettings: [.unsafeFlags(["-O2", "-UDEBUG", "-DNDEBUG", "-std=c++17"])],
            linkerSettings: [.linkedLibrary("dlib"), .linkedLibrary("lapack"), .linkedLibrary("blas")]
        ),
        .target(name: "FaceRecognition", dependencies: ["Base", "CFaceDlib", "ImageDecoding"], swiftSettings: swiftSettings),
        .target(
            name: "ProviderSimulator",
            dependencies: [
                "HTTPTransport",
                "Verification",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VouchCore",
            dependencies: [
                "Base",
                "Postgres",
                "HTTPTransport",
                "Verification",
                "SanctionsIndex",
                "ImageDecoding",
                "ImageAnalysis",
                "MRZReading",
                "FaceRecognition",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "VouchAPI",
            dependencies: [
                "Base",
                "VouchCore",
                "Verification",
                "CMalloc",
                "FaceRecognition",
                "HTTPTransport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "vouch",
            dependencies: [
                "Base",
                "SanctionsIndex",
                "Postgres",
                "VouchCore",
                "VouchAPI",
                "ImageAnalysis",
                "ImageDecoding",
                "MRZReading",
                "Verification",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "vouch-simulator",
            dependencies: [
                "ProviderSimulator",
                // The server's log format and its reading of the callback secret.
                "VouchAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "vouch-bench",
            dependencies: [
                "Base",
                "SanctionsIndex",
                "Postgres",
                "HTTPTransport",
                "Verification",
                "VouchCore",
                "FaceRecognition",
                "ImageDecoding",
                "VouchAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "VouchCore",
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            resources: [.copy("Photos")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["Base", "Postgres", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "HTTPTransportTests",
            dependencies: [
                "HTTPTransport",
                "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "ImageDecodingTests",
            dependencies: ["ImageDecoding", "ImageAnalysis", "CImageCodecs", "TestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "FaceRecognitionTests",
            dependencies: ["FaceRecognition", "ImageDecoding", "Verification"],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "MRZReadingTests",
            dependencies: ["MRZReading", "Base", "ImageDecoding", "Verification"],
            resources: [.copy("Fixtures")],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "SanctionsIndexTests",
            dependencies: ["Base", "SanctionsIndex", "Verification"],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "VerificationTests",
            dependencies: ["Base", "Verification", "TestSupport"],
            resources: [.copy("Resources/jsonlogic")],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "VouchCoreTests",
            dependencies: ["VouchCore", "Postgres", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "VouchAPITests",
            dependencies: [
                "VouchAPI",
                "ProviderSimulator",
                "HTTPTransport",
                "FaceRecognition",
                "Verification",
                "VouchCore",
                "Postgres",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: testSwiftSettings
        ),
    ]
)
