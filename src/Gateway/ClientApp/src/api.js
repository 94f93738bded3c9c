/**
 * The gateway's REST API (storage path and file manager, see docs/api.md), with the bearer token on every
 * call. A 401 triggers one silent token renewal and one retry. Failures are ApiError with the
 * problem's stable `code` (status 0 = network). Presigned PUTs go through XMLHttpRequest for
 * upload progress.
 */
import { ApiError } from './core/api-error.js';
import { problem } from './auth.js';

export class Api {
  /** @param {import('./auth.js').Auth} auth */
  constructor(auth) {
    this._auth = auth;
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {{body?: any, accept?: 'json'|'text'|'blob'|'none'}} [options]
   */
  async request(method, path, { body, accept = 'json' } = {}) {
    for (let attempt = 0; ; attempt++) {
      const token = await this._auth.getToken();
      const headers = { Authorization: `Bearer ${token}` };
      if (accept === 'json') {
        headers.Accept = 'application/json';
      }
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
      }
      let response;
      try {
        response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
      } catch (error) {
        throw new ApiError(0, 'network', error?.message ?? 'network error');
      }
      if (response.status === 401 && attempt === 0 && (await this._auth.refresh().catch(() => false))) {
        continue;
      }
      if (!response.ok) {
        throw await problem(response);
      }
      if (accept === 'none' || response.status === 204) {
        return null;
      }
      if (accept === 'text') {
        return response.text();
      }
      if (accept === 'blob') {
        return response.blob();
      }
      return response.json();
    }
  }

  // ---- audio sessions (storage path) ----

  createSession(body) {
    return this.request('POST', '/api/audio/sessions', { body });
  }

  listSessions(limit = 20, after = null) {
    const q = new URLSearchParams({ limit: String(limit) });
    if (after) {
      q.set('after', after);
    }
    return this.request('GET', `/api/audio/sessions?${q}`);
  }

  manifest(id) {
    return this.request('GET', `/api/audio/sessions/${encodeURIComponent(id)}`);
  }

  presign(id, body) {
    return this.request('POST', `/api/audio/sessions/${encodeURIComponent(id)}/chunks/presign`, { body });
  }

  complete(id, body) {
    return this.request('POST', `/api/audio/sessions/${encodeURIComponent(id)}/chunks/complete`, { body });
  }

  finalize(id) {
    return this.request('POST', `/api/audio/sessions/${encodeURIComponent(id)}/finalize`, { body: {} });
  }

  missingChunks(id) {
    return this.request('GET', `/api/audio/sessions/${encodeURIComponent(id)}/missing-chunks`);
  }

  deleteSession(id) {
    return this.request('DELETE', `/api/audio/sessions/${encodeURIComponent(id)}`, { accept: 'none' });
  }

  /** Live transcript: `json` gives the object, the others text. */
  transcript(id, format = 'json') {
    return this.request('GET', `/api/audio/sessions/${encodeURIComponent(id)}/transcript?format=${encodeURIComponent(format)}&pass=live`, {
      accept: format === 'json' ? 'json' : 'text',
    });
  }

  /** A presigned download URL for one stored chunk: {url, expiresInSeconds}. */
  chunkUrl(id, seq) {
    return this.request('GET', `/api/audio/sessions/${encodeURIComponent(id)}/chunks/${seq}/url`);
  }

  // ---- file manager (paths are relative to the user's own area) ----

  listFiles(prefix = '', continuationToken = null, limit = 200) {
    const q = new URLSearchParams({ prefix, limit: String(limit) });
    if (continuationToken) {
      q.set('continuationToken', continuationToken);
    }
    return this.request('GET', `/api/s3/list?${q}`);
  }

  fileUploadUrl(fileName, contentType, fileSize) {
    return this.request('POST', '/api/s3/upload', { body: { fileName, contentType, fileSize } });
  }

  fileDownloadUrl(path) {
    return this.request('GET', `/api/s3/download/${encodePath(path)}`);
  }

  deleteFile(path) {
    return this.request('DELETE', `/api/s3/delete/${encodePath(path)}`, { accept: 'none' });
  }

  renameFile(oldPath, newName) {
    return this.request('POST', '/api/s3/rename', { body: { oldPath, newName } });
  }

  moveFile(sourcePath, destinationFolder) {
    return this.request('POST', '/api/s3/move', { body: { sourcePath, destinationFolder } });
  }

  createFolder(path) {
    return this.request('POST', '/api/s3/folder', { body: { path } });
  }

  /**
   * PUTs bytes to a presigned URL with exactly the signed headers.
   * @returns {Promise<{etag: string|null}>}
   */
  putObject(url, headers, blob, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', url);
      for (const [name, value] of Object.entries(headers ?? {})) {
        if (!/^(content-length|host|connection)$/i.test(name)) {
          xhr.setRequestHeader(name, value);
        }
      }
      xhr.timeout = 5 * 60_000;
      xhr.upload.onprogress = (e) => onProgress?.(e.loaded);
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress?.(blob.size);
          resolve({ etag: xhr.getResponseHeader('ETag') });
          return;
        }
        let code = '';
        let message = '';
        try {
          const data = JSON.parse(xhr.responseText);
          code = data.code ?? '';
          message = data.detail ?? '';
        } catch {
          // S3 answers XML; the status is what matters
        }
        if (!code && xhr.status === 403) {
          code = 'url_expired';
        }
        reject(new ApiError(xhr.status, code, message || `upload refused (${xhr.status})`));
      };
      xhr.onerror = () => reject(new ApiError(0, 'network', 'the upload could not reach storage'));
      xhr.ontimeout = () => reject(new ApiError(0, 'network', 'the upload timed out'));
      xhr.onabort = () => reject(new ApiError(0, 'network', 'the upload was aborted'));
      xhr.send(blob);
    });
  }
}

/** Encodes each segment of a relative path for a catch-all route. */
export function encodePath(path) {
  return String(path)
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
