#include "face_dlib.h"

#include <dlib/dnn.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace {

using namespace dlib;

// The network that dlib_face_recognition_resnet_model_v1.dat was trained as: a ResNet of 29
// convolutional layers over a 150x150 RGB chip, ending in 128 numbers. The layer types must match
// the file exactly for it to load.
template <int filters, template <typename> class norm, int stride, typename input>
using conv_pair = norm<con<filters, 3, 3, 1, 1, relu<norm<con<filters, 3, 3, stride, stride, input>>>>>;

template <template <int, template <typename> class, int, typename> class body, int filters,
          template <typename> class norm, typename input>
using same_size = add_prev1<body<filters, norm, 1, tag1<input>>>;

template <template <int, template <typename> class, int, typename> class body, int filters,
          template <typename> class norm, typename input>
using halving = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<body<filters, norm, 2, tag1<input>>>>>>;

template <int filters, typename input> using unit = relu<same_size<conv_pair, filters, affine, input>>;
template <int filters, typename input> using unit_down = relu<halving<conv_pair, filters, affine, input>>;

template <typename input> using stage256a = unit_down<256, input>;
template <typename input> using stage256b = unit<256, unit<256, unit_down<256, input>>>;
template <typename input> using stage128 = unit<128, unit<128, unit_down<128, input>>>;
template <typename input> using stage64 = unit<64, unit<64, unit<64, unit_down<64, input>>>>;
template <typename input> using stage32 = unit<32, unit<32, unit<32, input>>>;

using descriptor_net = loss_metric<fc_no_bias<128, avg_pool_everything<
    stage256a<stage256b<stage128<stage64<stage32<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;

// Allocates nothing and throws nothing: it runs in the handlers that keep exceptions in C++.
void report(const char *message, char *error, size_t error_size) noexcept {
    if (error == nullptr || error_size == 0) return;
    size_t length = std::min(std::strlen(message), error_size - 1);
    std::memcpy(error, message, length);
    error[length] = '\0';
}

matrix<rgb_pixel> to_rgb(const unsigned char *pixels, int width, int height, int channels) {
    matrix<rgb_pixel> image(height, width);
    for (long y = 0; y < height; ++y) {
        const unsigned char *row = pixels + size_t(y) * size_t(width) * size_t(channels);
        for (long x = 0; x < width; ++x) {
            const unsigned char *sample = row + size_t(x) * size_t(channels);
            image(y, x) = channels == 3 ? rgb_pixel(sample[0], sample[1], sample[2])
                                        : rgb_pixel(sample[0], sample[0], sample[0]);
        }
    }
    return image;
}

bool valid_image(const unsigned char *pixels, int width, int height, int channels, char *error, size_t error_size) {
    if (pixels == nullptr || width <= 0 || height <= 0 || (channels != 1 && channels != 3)) {
        report("an image of 1 or 3 channels and a positive size is required", error, error_size);
        return false;
    }
    return true;
}

// OpenBLAS starts a thread per core for every product: with inference threads of Vouch's own,
// one each is faster and keeps the cores for requests. Looked up at run time, as Debian may
// link the reference BLAS instead.
void use_one_blas_thread() {
    using setter = void (*)(int);
    if (auto set = reinterpret_cast<setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(1);
}

}  // namespace

struct vf_models {
    frontal_face_detector detector;
    shape_predictor landmarks;
    descriptor_net descriptor;
};

extern "C" vf_models *vf_models_load(const char *landmarks_path, const char *descriptor_path, char *error,
                                     size_t error_size) {
    try {
        use_one_blas_thread();
        auto models = new vf_models();
        models->detector = get_frontal_face_detector();
        try {
            deserialize(landmarks_path) >> models->landmarks;
            deserialize(descriptor_path) >> models->descriptor;
        } catch (...) {
            delete models;
            throw;
        }
        if (models->landmarks.num_parts() != 5) {
            delete models;
            report("the landmark model does not have 5 points", error, error_size);
            return nullptr;
        }
        return models;
    } catch (const std::exception &failure) {
        report(failure.what(), error, error_size);
    } catch (...) {
        report("unknown failure loading the face models", error, error_size);
    }
    return nullptr;
}

extern "C" vf_models *vf_models_copy(const vf_models *models, char *error, size_t error_size) {
    try {
        return new vf_models(*models);
    } catch (const std::exception &failure) {
        report(failure.what(), error, error_size);
    } catch (...) {
        report("unknown failure copying the face models", error, error_size);
    }
    return nullptr;
}

extern "C" void vf_models_free(vf_models *models) { delete models; }

extern "C" int vf_detect(vf_models *models, const unsigned char *pixels, int width, int height, int channels,
                         int upsample, vf_box *boxes, int max_boxes, char *error, size_t error_size) {
    if (!valid_image(pixels, width, height, channels, error, error_size)) return -1;
    try {
        matrix<rgb_pixel> image = to_rgb(pixels, width, height, channels);
        pyramid_down<2> pyramid;
        int doublings = std::max(0, std::min(upsample, 2));
        for (int i = 0; i < doublings; ++i) pyramid_up(image, pyramid);
        std::vector<rect_detection> found;
        models->detector(image, found, 0.0);
        std::sort(found.begin(), found.end(),
                  [](const rect_detection &a, const rect_detection &b) { return a.detection_confidence > b.detection_confidence; });
        for (size_t i = 0; i < found.size() && int(i) < max_boxes; ++i) {
            rectangle box = found[i].rect;
            for (int d = 0; d < doublings; ++d) box = pyramid.rect_down(box);
            boxes[i] = vf_box{box.left(), box.top(), box.right(), box.bottom(), found[i].detection_confidence};
        }
        return int(std::min<size_t>(found.size(), 1 << 20));
    } catch (const std::exception &failure) {
        report(failure.what(), error, error_size);
    } catch (...) {
        report("unknown failure detecting faces", error, error_size);
    }
    return -1;
}

extern "C" int vf_describe(vf_models *models, const unsigned char *pixels, int width, int height, int channels,
                           vf_box box, double *landmarks, float *descriptor, char *error, size_t error_size) {
    if (!valid_image(pixels, width, height, channels, error, error_size)) return -1;
    try {
        matrix<rgb_pixel> image = to_rgb(pixels, width, height, channels);
        full_object_detection shape = models->landmarks(image, rectangle(box.left, box.top, box.right, box.bottom));
        for (unsigned long i = 0; i < shape.num_parts(); ++i) {
            landmarks[2 * i] = double(shape.part(i).x());
            landmarks[2 * i + 1] = double(shape.part(i).y());
        }
        matrix<rgb_pixel> chip;
        extract_image_chip(image, get_face_chip_details(shape, 150, 0.25), chip);
        matrix<float, 0, 1> values = models->descriptor(chip);
        for (long i = 0; i < 128; ++i) descriptor[i] = values(i);
        return 0;
    } catch (const std::exception &failure) {
        report(failure.what(), error, error_size);
    } catch (...) {
        report("unknown failure describing a face", error, error_size);
    }
    return -1;
}
