-- The QR codes a mail shows inline, as JSON text: [{"contentId", "text"}].
-- The images are drawn when the mail is sent, so the log keeps the codes,
-- not the pictures. Mails queued before have none.
ALTER TABLE deliveries ADD COLUMN qr_codes TEXT NOT NULL DEFAULT '[]';
