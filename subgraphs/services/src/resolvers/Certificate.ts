import type { CertificateDocument } from '../certificates/issue.ts';

export const Certificate = {
  // The verification code is the PDF's key: whoever holds the paper (or its QR code) may print it again.
  pdfPath: (c: CertificateDocument) => `/certificates/${encodeURIComponent(c.verificationCode)}/pdf`,
};
