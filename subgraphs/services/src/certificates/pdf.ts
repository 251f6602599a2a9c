import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { DEPARTMENT_LABELS } from '@district/domain';
import type { CertificateDocument } from './issue.ts';

/**
 * A certificate as a PDF for a terminal to print: pdfkit, with Noto Sans SC (SIL OFL 1.1, from the
 * @expo-google-fonts/noto-sans-sc package's TTF) embedded as a subset of the glyphs used, so the
 * file stays small and prints the same anywhere; and a QR code (qrcode) of the verification link.
 * What it prints is the signed document, nothing else.
 */
const FONT = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/** The link in the QR code: the district's verification page with the code (CERTIFICATE_VERIFY_URL). */
export const verificationLink = (base: string, code: string) => `${base}${base.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}`;

const shanghai = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export async function certificatePdf(doc: CertificateDocument, verifyUrl: string): Promise<Buffer> {
  const link = verificationLink(verifyUrl, doc.verificationCode);
  const qr = await QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const pdf = new PDFDocument({
    size: 'A4', margin: 56,
    // The creation date is the issue date: the same certificate prints the same file.
    info: { Title: `${doc.title} ${doc.number}`, Subject: doc.number, Keywords: doc.verificationCode, Creator: 'district-graph', CreationDate: new Date(doc.issuedAt) },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  pdf.registerFont('NotoSansSC', FONT);
  pdf.font('NotoSansSC');
  const width = pdf.page.width - 112;
  pdf.fontSize(22).text(doc.title, { align: 'center', width });
  pdf.moveDown(0.3).fontSize(10).text(`证明编号 No. ${doc.number}`, { align: 'center', width });
  pdf.moveDown(1.2).fontSize(12);
  const line = (label: string, value: string) => pdf.text(`${label}：${value}`, { width });
  line('纳税人/单位名称', doc.enterpriseName);
  line('统一社会信用代码', doc.uscc);
  if (doc.period) line('所属期间', `${doc.period.from} 至 ${doc.period.to}`);
  line('出具部门', DEPARTMENT_LABELS[doc.issuingDepartment as keyof typeof DEPARTMENT_LABELS] ?? doc.issuingDepartment);
  pdf.moveDown(0.8).text(doc.statement, { width });
  if (doc.items.length) {
    pdf.moveDown(0.6).fontSize(10);
    for (const item of doc.items) pdf.text(`${item.label}　${item.value}`, { width, indent: 12 });
    pdf.fontSize(12);
  }
  pdf.moveDown(1.2).fontSize(10);
  line('开具时间', `${shanghai(doc.issuedAt)}（北京时间）`);
  line('有效期至', `${shanghai(doc.validUntil)}（北京时间）`);
  line('验证码', doc.verificationCode);
  pdf.moveDown(0.4).text('扫描二维码或凭验证码核验本证明真伪及有效性 — scan the QR code or enter the verification code to check that this certificate is genuine and valid.', { width });
  pdf.moveDown(0.6);
  pdf.image(qr, { fit: [120, 120] });
  pdf.end();
  return done;
}
