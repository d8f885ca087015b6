import { useFormContext, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import type { CharterContent, charterContentSchema } from '../../../shared/domain/charter';

/** What the editor holds while someone types; the schema's output is what gets saved. */
export type CharterContentInput = z.input<typeof charterContentSchema>;
export type CharterFormApi = UseFormReturn<CharterContentInput, unknown, CharterContent>;

/** The charter form of the version being shown (FormProvider sits in the version view). */
export function useCharterForm(): CharterFormApi {
  return useFormContext<CharterContentInput, unknown, CharterContent>();
}
