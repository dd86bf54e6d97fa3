import { escapeXml as x } from './errors';
import type { Model, PropDef } from './model';

/**
 * `$metadata` (EDMX v3, namespace StandardODATA) generated from the model, listing only the
 * published sets, with the bindable FunctionImports 1C declares (docs/1c-odata.md#publication-and-composition): Post/Unpost on documents,
 * Balance on balance registers, SliceLast/SliceFirst on the price register's `_RecordType` set
 * (and on the plain set too when the lenient SliceLast mode is on).
 */
function propXml(p: PropDef): string {
	const len = p.kind === 'string' && p.length ? ` MaxLength="${p.length}"` : '';
	const nullable = p.name === 'Ref_Key' || p.name === 'LineNumber' ? 'false' : 'true';
	return `<Property Name="${x(p.name)}" Type="${p.edmType}" Nullable="${nullable}"${len}/>`;
}

export function buildEdmx(model: Model, published: Set<string>, lenientSlice: boolean): string {
	const types: string[] = [];
	const assocs: string[] = [];
	const container: string[] = [];
	const isPub = (n: string): boolean => published.has(n);
	const navXml = (owner: string, props: PropDef[]): string =>
		props
			.filter((p) => p.kind === 'guid' && p.nav && p.target && isPub(p.target))
			.map((p) => {
				const a = `${owner}_${p.nav}`;
				assocs.push(
					`<Association Name="${x(a)}"><End Role="${x(owner)}" Type="StandardODATA.${x(owner)}" Multiplicity="*"/>` +
						`<End Role="${x(p.target!)}" Type="StandardODATA.${x(p.target!)}" Multiplicity="0..1"/></Association>`,
				);
				container.push(
					`<AssociationSet Name="${x(a)}" Association="StandardODATA.${x(a)}"><End Role="${x(owner)}" EntitySet="${x(owner)}"/>` +
						`<End Role="${x(p.target!)}" EntitySet="${x(p.target!)}"/></AssociationSet>`,
				);
				return `<NavigationProperty Name="${x(p.nav!)}" Relationship="StandardODATA.${x(a)}" FromRole="${x(owner)}" ToRole="${x(p.target!)}"/>`;
			})
			.join('');

	const sets = [...model.sets.values()].filter((d) => isPub(d.name));
	for (const d of sets) {
		const keys = d.keyProps.map((k) => `<PropertyRef Name="${x(k)}"/>`).join('');
		let props = d.props.map(propXml).join('');
		for (const t of d.tabulars) {
			types.push(`<ComplexType Name="${x(t.setName)}_RowType">${t.props.map(propXml).join('')}</ComplexType>`);
			props += `<Property Name="${x(t.name)}" Type="Collection(StandardODATA.${x(t.setName)}_RowType)" Nullable="true"/>`;
		}
		if ((d.kind === 'AccumulationRegister' || d.kind === 'InformationRegister') && d.recorderSubordinate) {
			props += `<Property Name="RecordSet" Type="Collection(StandardODATA.${x(d.name)}_RowType)" Nullable="true"/>`;
			const rt = model.sets.get(`${d.name}_RecordType`);
			if (rt) types.push(`<ComplexType Name="${x(d.name)}_RowType">${rt.props.map(propXml).join('')}</ComplexType>`);
		}
		types.push(`<EntityType Name="${x(d.name)}"><Key>${keys}</Key>${props}${navXml(d.name, d.props)}</EntityType>`);
		container.push(`<EntitySet Name="${x(d.name)}" EntityType="StandardODATA.${x(d.name)}"/>`);
		if (d.kind === 'Document') {
			container.push(
				`<FunctionImport Name="Post" IsBindable="true" IsSideEffecting="true"><Parameter Name="bindingParameter" Type="StandardODATA.${x(d.name)}"/>` +
					'<Parameter Name="PostingModeOperational" Type="Edm.Boolean"/></FunctionImport>',
				`<FunctionImport Name="Unpost" IsBindable="true" IsSideEffecting="true"><Parameter Name="bindingParameter" Type="StandardODATA.${x(d.name)}"/></FunctionImport>`,
			);
		}
		if (d.kind === 'AccumulationRegister' && d.registerType === 'Balance') {
			const bal = `${d.name}_Balance`;
			const dims = (d.dimensions ?? []).map(propXml).join('');
			const res = (d.resources ?? []).map((r) => `<Property Name="${x(r.name)}Balance" Type="${r.edmType}" Nullable="true"/>`).join('');
			types.push(`<ComplexType Name="${x(bal)}">${dims}${res}</ComplexType>`);
			container.push(
				`<FunctionImport Name="Balance" ReturnType="Collection(StandardODATA.${x(bal)})" IsBindable="true" IsSideEffecting="false">` +
					`<Parameter Name="bindingParameter" Type="Collection(StandardODATA.${x(d.name)})"/><Parameter Name="Period" Type="Edm.DateTime"/>` +
					'<Parameter Name="Condition" Type="Edm.String"/><Parameter Name="Dimensions" Type="Edm.String"/></FunctionImport>',
			);
			const tur = `${d.name}_Turnover`;
			const turRes = (d.resources ?? [])
				.flatMap((r) => ['Receipt', 'Expense', 'Turnover'].map((sfx) => `<Property Name="${x(r.name)}${sfx}" Type="${r.edmType}" Nullable="true"/>`))
				.join('');
			types.push(`<ComplexType Name="${x(tur)}">${dims}${turRes}</ComplexType>`);
			container.push(
				`<FunctionImport Name="Turnovers" ReturnType="Collection(StandardODATA.${x(tur)})" IsBindable="true" IsSideEffecting="false">` +
					`<Parameter Name="bindingParameter" Type="Collection(StandardODATA.${x(d.name)})"/><Parameter Name="StartPeriod" Type="Edm.DateTime"/>` +
					'<Parameter Name="EndPeriod" Type="Edm.DateTime"/><Parameter Name="Condition" Type="Edm.String"/><Parameter Name="Dimensions" Type="Edm.String"/></FunctionImport>',
			);
		}
		const sliceBound =
			d.kind === 'InformationRegisterRecordType' || (lenientSlice && d.kind === 'InformationRegister' && d.recorderSubordinate) || (d.kind === 'InformationRegister' && !d.recorderSubordinate);
		if (sliceBound && d.periodic) {
			for (const fn of ['SliceLast', 'SliceFirst']) {
				container.push(
					`<FunctionImport Name="${fn}" ReturnType="Collection(StandardODATA.${x(d.name)})" EntitySet="${x(d.name)}" IsBindable="true" IsSideEffecting="false">` +
						`<Parameter Name="bindingParameter" Type="Collection(StandardODATA.${x(d.name)})"/><Parameter Name="Period" Type="Edm.DateTime"/>` +
						'<Parameter Name="Condition" Type="Edm.String"/></FunctionImport>',
				);
			}
		}
	}
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		'<edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" Version="1.0">' +
		'<edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" m:DataServiceVersion="3.0">' +
		'<Schema xmlns="http://schemas.microsoft.com/ado/2009/11/edm" Namespace="StandardODATA">' +
		types.join('') +
		assocs.join('') +
		`<EntityContainer Name="EnterpriseV8" m:IsDefaultEntityContainer="true">${container.join('')}</EntityContainer>` +
		'</Schema></edmx:DataServices></edmx:Edmx>'
	);
}

