import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { IcmlIssueSummary } from '../../core/icml/issue-report';
import { summarizeIssue } from '../../core/icml/issue-report';
import type { IcmlIssue } from '../../core/icml/validate';
import { buildIcmlFromOneC } from '../../core/sync/catalog/icml-from-onec';
import { catalogReadOptionsOf, reportCatalogRead } from '../../OneCUt10Store/actions/catalog/getItems.operation';
import { oneCClientFor } from '../../shared/clients';
import { wholeRun } from '../../shared/per-item';
import { catalogItem, catalogOptions, errorsListedOf, failedCatalogItem, groupingRule, shopOf, toBuildError } from './build.operation';

/** One run, one file: every issue belongs to the one build, so it names input item 0 (the trigger's item). */
function summarize(issue: IcmlIssue): IcmlIssueSummary {
	return { ...summarizeIssue(issue), itemIndex: 0 };
}

/**
 * "Build From 1C": reads the catalog from 1C with Get Items' settings and builds the file as Build From Input Items
 * would from Get Items' output mapped by the template (core/sync/catalog/icml-from-onec.ts). Runs once whatever the
 * input (a trigger's item); one output item paired with every input item.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const pairedItem = items.map((_, item) => ({ item }));
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return await wholeRun(
		this,
		async () => {
			const client = await oneCClientFor(this);
			const catalog = await buildIcmlFromOneC(client, {
				...catalogOptions(this, options, groupingRule(this)),
				read: catalogReadOptionsOf(this, 0, this.getNodeParameter('oneCOptions', 0, {}) as IDataObject),
				shop: shopOf(this),
				date: new Date(),
				onRead: (read) => reportCatalogRead(this, read),
			});
			return [await catalogItem(this, catalog, catalog.leftOut.map(summarize), options, summarize, pairedItem)];
		},
		(nodeError, error) => failedCatalogItem(nodeError, error, summarize, pairedItem),
		(error) => toBuildError(this, error, summarize, errorsListedOf(options)),
	);
}
