/** A referral link as a QR code: PNG for print and screens, SVG for print in any size. */
export interface QrCodes {
  png: Buffer;
  svg: string;
}

/**
 * Draws the QR code of a link. The `qrcode` library is imported on first use: only a staff approval needs it,
 * so it stays off the cold start of every user's turn. Error correction M (15 %) survives a crease or a stain
 * on a printed sheet; 600 px with a quiet zone of 4 modules prints well at 8 cm (the SVG at any size).
 */
export async function qrCodes(link: string): Promise<QrCodes> {
  const QRCode = await import('qrcode');
  const options = { errorCorrectionLevel: 'M', margin: 4 } as const;
  const [png, svg] = await Promise.all([
    QRCode.toBuffer(link, { ...options, type: 'png', width: 600 }),
    QRCode.toString(link, { ...options, type: 'svg' }),
  ]);
  return { png, svg };
}
