/**
 * MediaRecorder formats, in order of preference, with the codec name the storage API records and
 * the file extension the server gives the object. Safari and iOS record audio/mp4 (AAC): it is
 * labelled as such, never as "audio/webm" / ".webm" regardless of what was recorded.
 */
export const RECORDING_FORMATS = [
  { mimeType: 'audio/webm;codecs=opus', codec: 'webm/opus', extension: 'webm' },
  { mimeType: 'audio/ogg;codecs=opus', codec: 'ogg/opus', extension: 'ogg' },
  { mimeType: 'audio/mp4;codecs=mp4a.40.2', codec: 'mp4/aac', extension: 'm4a' },
  { mimeType: 'audio/mp4', codec: 'mp4/aac', extension: 'm4a' },
  { mimeType: 'audio/webm', codec: 'webm/opus', extension: 'webm' },
];

/**
 * The first format the browser can record.
 * @param {(mime: string) => boolean} isTypeSupported
 */
export function chooseRecordingFormat(isTypeSupported) {
  return RECORDING_FORMATS.find((f) => isTypeSupported(f.mimeType)) ?? null;
}

/** Describes the MIME type a recorder actually produced (it may differ from the one asked for). */
export function describeMimeType(mimeType) {
  const base = String(mimeType || '').split(';')[0].trim().toLowerCase();
  switch (base) {
    case 'audio/webm':
    case 'video/webm':
      return { contentType: mimeType.replace(/^video\//, 'audio/'), codec: 'webm/opus', extension: 'webm' };
    case 'audio/ogg':
      return { contentType: mimeType, codec: 'ogg/opus', extension: 'ogg' };
    case 'audio/mp4':
    case 'video/mp4':
    case 'audio/aac':
      return { contentType: mimeType.replace(/^video\//, 'audio/'), codec: 'mp4/aac', extension: 'm4a' };
    case 'audio/wav':
    case 'audio/x-wav':
      return { contentType: mimeType, codec: 'wav/pcm', extension: 'wav' };
    case 'audio/mpeg':
      return { contentType: mimeType, codec: 'mpeg/mp3', extension: 'mp3' };
    default:
      return null;
  }
}

/** The extension for a stored content type ("audio/mp4" → "m4a"). */
export function extensionFor(contentType) {
  return describeMimeType(contentType)?.extension ?? 'bin';
}
