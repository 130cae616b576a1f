import { useCallback, useEffect, useRef, useState } from 'react';

/** The parts of the Barcode Detection API used here (not in every browser, nor in TypeScript's DOM types). */
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
}

type Decoder = (video: HTMLVideoElement) => Promise<string | null>;

/** Looks at a frame every so often: enough for a code held up to the camera, and light on a phone's battery. */
const SCAN_INTERVAL_MS = 200;
/** The same code seen again within this time is one scan, not two. */
const REPEAT_AFTER_MS = 3000;
/** Frames are scaled down to this width for jsQR. */
const DECODE_WIDTH = 640;

export function hasCamera(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

/** The browser's BarcodeDetector when it reads QR codes; otherwise jsQR on frames drawn into a canvas. */
async function makeDecoder(): Promise<Decoder> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector) {
    try {
      const formats = (await Detector.getSupportedFormats?.()) ?? ['qr_code'];
      if (formats.includes('qr_code')) {
        const detector = new Detector({ formats: ['qr_code'] });
        return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
      }
    } catch {
      // Fall back to jsQR below.
    }
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    if (!context || !video.videoWidth) return null;
    const scale = Math.min(1, DECODE_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
  };
}

/**
 * A camera view that reads QR codes and hands each to `onCode`. The camera
 * starts only when asked and stops when asked or when the component goes
 * (leaving the page).
 */
export function QrScanner({ onCode }: { onCode: (text: string) => void }) {
  const [state, setState] = useState<'off' | 'starting' | 'on'>('off');
  const [error, setError] = useState<string | null>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const timerRef = useRef<number | null>(null);
  const lastRef = useRef<{ text: string; at: number } | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const generation = useRef(0);

  const stop = useCallback(() => {
    generation.current += 1;
    if (timerRef.current !== null) window.clearTimeout(timerRef.current);
    timerRef.current = null;
    streamRef.current?.getTracks().forEach((t) => t.stop());
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setState('off');
  }, []);

  useEffect(() => stop, [stop]);

  async function start() {
    setError(null);
    setState('starting');
    const mine = ++generation.current;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      if (mine !== generation.current) {
        stream.getTracks().forEach((t) => t.stop());
        return;
      }
      streamRef.current = stream;
      const video = videoRef.current!;
      video.srcObject = stream;
      await video.play();
      const decode = await makeDecoder();
      if (mine !== generation.current) return;
      setState('on');
      const tick = async () => {
        if (mine !== generation.current) return;
        try {
          const text = await decode(video);
          const now = Date.now();
          if (text && mine === generation.current) {
            const last = lastRef.current;
            if (!last || last.text !== text || now - last.at > REPEAT_AFTER_MS) onCodeRef.current(text);
            lastRef.current = { text, at: now };
          }
        } catch {
          // A frame that could not be read; the next one may be.
        }
        if (mine === generation.current) timerRef.current = window.setTimeout(tick, SCAN_INTERVAL_MS);
      };
      void tick();
    } catch (err) {
      if (mine !== generation.current) return;
      stop();
      const name = err instanceof DOMException ? err.name : '';
      setError(
        name === 'NotAllowedError' ? 'The camera may not be used: allow it in the browser’s site settings, or type the codes below.'
          : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'No camera was found. Type the codes below.'
            : 'The camera could not be started. Type the codes below.',
      );
    }
  }

  return (
    <div className="scanner">
      <div className={state === 'off' ? 'scanner-view scanner-view-off' : 'scanner-view'}>
        <video ref={videoRef} muted playsInline aria-label="Camera view for scanning QR codes" />
      </div>
      <div className="button-row">
        {state === 'off' ? (
          <button type="button" className="button button-secondary" onClick={() => void start()}>Start camera</button>
        ) : (
          <button type="button" className="button button-secondary" onClick={stop}>
            {state === 'starting' ? 'Starting the camera…' : 'Stop camera'}
          </button>
        )}
        {state === 'on' && <span className="muted small" role="status">Hold a ticket’s QR code up to the camera.</span>}
      </div>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
    </div>
  );
}
