'use client';

import { useTranslations } from 'next-intl';
import { type ClipboardEvent, type FormEvent, useState } from 'react';

import { Button } from '@/components/ui/Button';
import { useSdk } from '@/sdk';

interface Row {
  sku: string;
  quantity: number;
}

const emptyRow = (): Row => ({ sku: '', quantity: 1 });

export function QuickOrderForm() {
  const t = useTranslations('quickOrder');
  const sdk = useSdk();
  const [rows, setRows] = useState<Row[]>([emptyRow(), emptyRow(), emptyRow()]);
  const [addedCount, setAddedCount] = useState<number | null>(null);

  function update(index: number, patch: Partial<Row>) {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  }

  function handlePaste(event: ClipboardEvent<HTMLInputElement>) {
    const text = event.clipboardData.getData('text');
    if (!text.includes('\n')) return;
    event.preventDefault();
    const pasted = text
      .trim()
      .split('\n')
      .map((line) => line.split(/[\t,;]/))
      .map(([sku, quantity]) => ({ sku: sku.trim(), quantity: Number(quantity) || 1 }));
    setRows(pasted);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const lines = rows.filter((row) => row.sku);
    for (const line of lines) {
      await sdk.unified.addCartLineItem({ productId: line.sku, sku: line.sku, quantity: line.quantity });
    }
    setAddedCount(lines.length);
  }

  return (
    <form onSubmit={handleSubmit} className="flex max-w-xl flex-col gap-3" data-testid="quick-order-form">
      {rows.map((row, index) => (
        <div key={index} className="grid grid-cols-[1fr_7rem] gap-3">
          <input
            aria-label={t('sku')}
            placeholder={t('sku')}
            value={row.sku}
            onPaste={handlePaste}
            onChange={(event) => update(index, { sku: event.target.value })}
            className="focus-ring h-10 rounded-brand border border-neutral-300 px-3"
          />
          <input
            aria-label={t('quantity')}
            type="number"
            min={1}
            value={row.quantity}
            onChange={(event) => update(index, { quantity: Number(event.target.value) })}
            className="focus-ring h-10 rounded-brand border border-neutral-300 px-3"
          />
        </div>
      ))}
      <div className="flex gap-3">
        <Button variant="secondary" onClick={() => setRows((current) => [...current, emptyRow()])}>
          {t('addRow')}
        </Button>
        <Button type="submit">{t('submit')}</Button>
      </div>
      {addedCount !== null && (
        <p role="status" className="text-sm text-primary-700">
          {t('added', { count: addedCount })}
        </p>
      )}
    </form>
  );
}
