#ifndef VOUCH_FACE_DLIB_H
#define VOUCH_FACE_DLIB_H

/* A C interface to the parts of dlib that Vouch's face checks use: the HOG face detector, the
   5-point landmark model and the ResNet face descriptor. C++ exceptions never cross it: every
   call that can fail returns -1 (or NULL) and writes a message into `error`. */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The detector and both models. Not safe to use from two threads at once: each inference
   thread works on a copy of its own (`vf_models_copy`). */
typedef struct vf_models vf_models;

/* A face's box in pixels (right and bottom inclusive) and the detector's confidence. */
typedef struct {
    long left, top, right, bottom;
    double score;
} vf_box;

vf_models *vf_models_load(const char *landmarks_path, const char *descriptor_path, char *error, size_t error_size);
vf_models *vf_models_copy(const vf_models *models, char *error, size_t error_size);
void vf_models_free(vf_models *models);

/* Finds faces in an image of `channels` (1 grey or 3 RGB) interleaved 8-bit samples, after
   doubling its size `upsample` times; writes at most `max_boxes` boxes, the most confident
   first, and returns how many faces were found (which may be more than it wrote). */
int vf_detect(vf_models *models, const unsigned char *pixels, int width, int height, int channels, int upsample,
              vf_box *boxes, int max_boxes, char *error, size_t error_size);

/* For the face in `box`: its five landmarks (x, y pairs: the eyes' outer and inner corners and
   the base of the nose) and its 128-number descriptor, computed on the face aligned and cut to
   150 pixels with a quarter of padding. Returns 0, or -1 with `error`. */
int vf_describe(vf_models *models, const unsigned char *pixels, int width, int height, int channels, vf_box box,
                double *landmarks, float *descriptor, char *error, size_t error_size);

#ifdef __cplusplus
}
#endif

#endif
