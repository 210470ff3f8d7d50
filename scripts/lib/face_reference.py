"""The reference answers for Vouch's face library: the `face_recognition` package over dlib's
Python bindings and the same model files, on the same images.

    face_reference.py IMAGE_DIR OUT_JSON

Writes, per image, the face boxes (left, top, right, bottom: dlib's HOG detector, upsampled once,
as face_recognition.face_locations does by default) and each face's 128-number encoding.
"""
import json, os, sys

import face_recognition


def main():
    folder, out = sys.argv[1], sys.argv[2]
    answers = {}
    for name in sorted(os.listdir(folder)):
        if not name.lower().endswith((".jpg", ".jpeg", ".png")):
            continue
        image = face_recognition.load_image_file(os.path.join(folder, name))
        locations = face_recognition.face_locations(image, number_of_times_to_upsample=1, model="hog")
        encodings = face_recognition.face_encodings(image, known_face_locations=locations)
        answers[name] = {
            "width": int(image.shape[1]), "height": int(image.shape[0]),
            "boxes": [[left, top, right, bottom] for top, right, bottom, left in locations],
            "encodings": [[float(v) for v in e] for e in encodings],
        }
    # A reference without photos, or without faces in them, would let every comparison pass.
    if len(answers) < 7 or sum(len(a["encodings"]) for a in answers.values()) < 7:
        sys.exit(f"face_reference: expected the seven labelled photos with a face each, found {len(answers)}")
    with open(out + ".tmp", "w") as file:
        json.dump(answers, file)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
